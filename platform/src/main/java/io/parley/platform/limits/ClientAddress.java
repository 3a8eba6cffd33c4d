package io.parley.platform.limits;

import jakarta.servlet.http.HttpServletRequest;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;

/**
 * The address a request is counted against: the peer's IP as the servlet container reports it (behind a trusted proxy
 * that is the forwarded client address: Tomcat's RemoteIpValve, {@code server.forward-headers-strategy=native}). An
 * IPv6 address counts as its /64 network, which one subscriber usually gets whole.
 */
public final class ClientAddress {

    private ClientAddress() {
    }

    public static String of(HttpServletRequest request) {
        return of(request.getRemoteAddr());
    }

    static String of(String remoteAddr) {
        if (remoteAddr == null || remoteAddr.indexOf(':') < 0) {
            return String.valueOf(remoteAddr);
        }
        try {
            // an IP literal: no name lookup
            byte[] bytes = InetAddress.getByName(remoteAddr).getAddress();
            if (bytes.length != 16) {
                return remoteAddr;
            }
            return HexFormat.of().formatHex(bytes, 0, 8) + "::/64";
        } catch (UnknownHostException notALiteral) {
            return remoteAddr;
        }
    }
}
