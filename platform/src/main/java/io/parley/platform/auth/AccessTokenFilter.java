package io.parley.platform.auth;

import io.parley.platform.problem.ProblemResponse;
import io.parley.api.problem.Rejection;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Optional;
import java.util.Set;

/**
 * Lets a request under {@code /api/} through only with a valid bearer access token, and leaves the
 * {@link Caller} in the request attribute {@link Caller#REQUEST_ATTRIBUTE}. Anything else gets a 401 problem.
 * It decides on the normalized path, never the raw request URI (see {@link #pathWithinApplication}).
 */
public final class AccessTokenFilter implements Filter {

    /** The endpoints that hand out tokens, so cannot ask for one. */
    public static final Set<String> PUBLIC_PATHS = Set.of("/api/v1/auth/register", "/api/v1/auth/login",
            "/api/v1/auth/refresh");

    private final AccessTokenVerifier verifier;

    public AccessTokenFilter(AccessTokenVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        String path = pathWithinApplication(request);
        if (!isApi(path) || PUBLIC_PATHS.contains(path)) {
            chain.doFilter(req, res);
            return;
        }
        Optional<Caller> caller = verifier.verify(bearerToken(request));
        if (caller.isEmpty()) {
            unauthorized((HttpServletResponse) res, path);
            return;
        }
        request.setAttribute(Caller.REQUEST_ATTRIBUTE, caller.get());
        chain.doFilter(req, res);
    }

    /**
     * The path the request is routed on: decoded, path parameters ({@code ;x=1}) removed, dot segments resolved, as
     * the container normalized it. The raw {@code getRequestURI()} is none of these: {@code /%61pi/...} or
     * {@code /api;x=1/...} would not look like {@code /api/} there, yet reach the same handler.
     */
    private static String pathWithinApplication(HttpServletRequest request) {
        String pathInfo = request.getPathInfo();
        return pathInfo == null ? request.getServletPath() : request.getServletPath() + pathInfo;
    }

    /** Case-insensitive, so that a router that ignored case could never reach an endpoint unchecked. */
    private static boolean isApi(String path) {
        return path.regionMatches(true, 0, "/api/", 0, 5) || path.equalsIgnoreCase("/api");
    }

    private static String bearerToken(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return header.substring(7).trim();
        }
        return null;
    }

    private static void unauthorized(HttpServletResponse response, String path) throws IOException {
        response.setHeader("WWW-Authenticate", "Bearer");
        ProblemResponse.write(response, Rejection.UNAUTHENTICATED, "A valid access token is required", path);
    }
}
