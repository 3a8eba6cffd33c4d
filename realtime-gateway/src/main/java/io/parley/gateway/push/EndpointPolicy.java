package io.parley.gateway.push;

import io.parley.api.problem.Rejection;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;

/**
 * Which push endpoints the server posts to. The endpoint comes from the client, so it must not turn the server
 * into a way into its own network (SSRF): {@code https} only, and a host whose every address is public — checked when
 * subscribing and again before every push (the name may resolve elsewhere by then). The push request follows no
 * redirects. {@code allowLocal} (tests only) lifts both rules.
 */
final class EndpointPolicy {

    private static final int MAX_LENGTH = 2048;

    private final boolean allowLocal;

    EndpointPolicy(boolean allowLocal) {
        this.allowLocal = allowLocal;
    }

    /** The endpoint as a URI, or an INVALID_REQUEST rejection saying what is wrong with it. */
    URI check(String endpoint) {
        if (endpoint == null || endpoint.isBlank()) {
            throw invalid("endpoint is required");
        }
        if (endpoint.length() > MAX_LENGTH) {
            throw invalid("endpoint is longer than " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (URISyntaxException e) {
            throw invalid("endpoint is not a URL");
        }
        String scheme = uri.getScheme();
        if (!uri.isAbsolute() || uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw invalid("endpoint must be an absolute URL with a host, without user info or fragment");
        }
        if (!"https".equalsIgnoreCase(scheme) && !(allowLocal && "http".equalsIgnoreCase(scheme))) {
            throw invalid("endpoint must be an https URL");
        }
        if (!reachable(uri)) {
            throw invalid("endpoint host must resolve to public addresses only");
        }
        return uri;
    }

    /** Whether a push may be posted there now: every address of its host is public (or local ones are allowed). */
    boolean reachable(URI endpoint) {
        if (allowLocal) {
            return true;
        }
        try {
            InetAddress[] addresses = InetAddress.getAllByName(endpoint.getHost());
            for (InetAddress address : addresses) {
                if (!isPublic(address)) {
                    return false;
                }
            }
            return addresses.length > 0;
        } catch (UnknownHostException | SecurityException unresolvable) {
            return false;
        }
    }

    static boolean isPublic(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = bytes[0] & 0xff;
            int second = bytes[1] & 0xff;
            return first != 0                                        // "this network"
                    && !(first == 100 && second >= 64 && second < 128) // shared address space (carrier NAT)
                    && !(first == 192 && second == 0 && bytes[2] == 0) // IETF protocol assignments
                    && !(first == 198 && (second == 18 || second == 19)) // benchmarking
                    && first < 240;                                  // reserved and broadcast
        }
        if (address instanceof Inet6Address) {
            int first = bytes[0] & 0xff;
            return (first & 0xfe) != 0xfc                            // unique local fc00::/7
                    && !(first == 0x20 && (bytes[1] & 0xff) == 0x01 && bytes[2] == 0x0d && (bytes[3] & 0xff) == 0xb8) // documentation
                    && !isEmbeddedIpv4(bytes);
        }
        return false;
    }

    /** ::a.b.c.d and 64:ff9b::a.b.c.d (NAT64) carry an IPv4 address that could be private: not posted to. */
    private static boolean isEmbeddedIpv4(byte[] bytes) {
        boolean zeroPrefix = true;
        for (int i = 0; i < 12; i++) {
            zeroPrefix &= bytes[i] == 0;
        }
        boolean nat64 = bytes[0] == 0 && bytes[1] == 0x64 && (bytes[2] & 0xff) == 0xff && (bytes[3] & 0xff) == 0x9b;
        return zeroPrefix || nat64;
    }

    private static RuntimeException invalid(String detail) {
        return Rejection.INVALID_REQUEST.exception(detail);
    }
}
