package io.parley.platform.web;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.net.URI;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The browser-facing headers of every response: a strict {@code Content-Security-Policy} (the web client is plain ES
 * modules and CSS from this origin; it talks to this origin's API and WebSocket and to the object storage's origin
 * for media), {@code nosniff}, no referrer; and {@code no-store} on the API, whose answers carry tokens and messages.
 * Set before the request is handled, so that rejections (a 401 of the security chain, an error page) carry them too.
 */
public final class SecurityHeadersFilter implements Filter {

    private static final Pattern PLAIN_HOST = Pattern.compile("[A-Za-z0-9.:\\[\\]-]{1,255}");
    /** Swagger UI (springdoc) sets inline styles: its pages, and only they, may; they run no inline script either. */
    private static final String SWAGGER_UI = "/swagger-ui/";

    private final String policyBeforeSockets;
    private final String policyAfterSockets;

    /** {@code mediaOrigins}: where presigned media URLs point when that is not this origin (e.g. standalone's S3). */
    public SecurityHeadersFilter(Collection<String> mediaOrigins) {
        this(mediaOrigins, List.of());
    }

    /**
     * {@code cdnOrigins}: also where CDN links to media point (the caching edge, when not this origin): only for
     * images and audio/video, which the page loads from links in messages; it never fetches from there.
     */
    public SecurityHeadersFilter(Collection<String> mediaOrigins, Collection<String> cdnOrigins) {
        String media = originsOf(mediaOrigins);
        Set<String> displayed = new LinkedHashSet<>(mediaOrigins);
        displayed.addAll(cdnOrigins);
        String display = originsOf(displayed);
        this.policyBeforeSockets = "default-src 'self'; script-src 'self'; style-src 'self'; "
                + "img-src 'self' data: blob:" + display + "; media-src 'self' blob:" + display + "; "
                + "connect-src 'self'";
        this.policyAfterSockets = media + "; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; "
                + "form-action 'self'";
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        String policy = policyFor(request);
        if (request.getServletPath().startsWith(SWAGGER_UI)) {
            policy = policy.replace("style-src 'self';", "style-src 'self' 'unsafe-inline';");
        }
        response.setHeader("Content-Security-Policy", policy);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("X-Frame-Options", "DENY");
        if (request.getServletPath().regionMatches(true, 0, "/api/", 0, 5)) {
            response.setHeader("Cache-Control", "no-store");
            response.setHeader("Pragma", "no-cache");
        }
        chain.doFilter(req, res);
    }

    /**
     * The page's own WebSocket origin, named for browsers whose {@code 'self'} does not cover {@code ws:}/{@code wss:}
     * yet; left out (then {@code 'self'} alone) when the host, which a forwarded header may have set, is not plain.
     */
    private String policyFor(HttpServletRequest request) {
        String host = request.getServerName();
        if (host == null || !PLAIN_HOST.matcher(host).matches()) {
            return policyBeforeSockets + policyAfterSockets;
        }
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        int port = request.getServerPort();
        boolean defaultPort = port <= 0 || port == ("https".equalsIgnoreCase(request.getScheme()) ? 443 : 80);
        String authority = defaultPort ? host : host + ":" + port;
        return policyBeforeSockets + " ws://" + authority + " wss://" + authority + policyAfterSockets;
    }

    private static String originsOf(Collection<String> urls) {
        Set<String> origins = new LinkedHashSet<>();
        for (String url : urls) {
            if (url == null || url.isBlank()) {
                continue;
            }
            URI uri = URI.create(url.trim());
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("Not an absolute http(s) URL: " + url);
            }
            String origin = uri.getScheme().toLowerCase() + "://" + uri.getHost().toLowerCase()
                    + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
            origins.add(" " + origin);
        }
        return String.join("", origins);
    }
}
