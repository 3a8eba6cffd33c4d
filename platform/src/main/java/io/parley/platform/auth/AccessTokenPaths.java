package io.parley.platform.auth;

import jakarta.servlet.http.HttpServletRequest;

import java.util.List;
import java.util.Set;

/**
 * Which requests need an access token: everything under {@code /api/} but the endpoints that hand tokens out, and the
 * upgrade of every {@link SocketEndpoint}. It decides on the normalized path, never the raw request URI (see
 * {@link #pathWithinApplication}).
 */
public final class AccessTokenPaths {

    /** The endpoints that hand out tokens, so cannot ask for one. */
    public static final Set<String> PUBLIC_PATHS = Set.of("/api/v1/auth/register", "/api/v1/auth/login",
            "/api/v1/auth/refresh");

    private final List<SocketEndpoint> sockets;

    public AccessTokenPaths(List<SocketEndpoint> sockets) {
        this.sockets = List.copyOf(sockets);
    }

    public boolean requiresToken(HttpServletRequest request) {
        String path = pathWithinApplication(request);
        return (isApi(path) && !PUBLIC_PATHS.contains(path)) || socketOf(request) != null;
    }

    /** The socket endpoint the request is addressed to, or null. */
    SocketEndpoint socketOf(HttpServletRequest request) {
        String path = pathWithinApplication(request);
        for (SocketEndpoint socket : sockets) {
            if (path.equalsIgnoreCase(socket.path()) || path.regionMatches(true, 0, socket.path() + "/", 0,
                    socket.path().length() + 1)) {
                return socket;
            }
        }
        return null;
    }

    /**
     * The path the request is routed on: decoded, path parameters ({@code ;x=1}) removed, dot segments resolved, as
     * the container normalized it. The raw {@code getRequestURI()} is none of these: {@code /%61pi/...} or
     * {@code /api;x=1/...} would not look like {@code /api/} there, yet reach the same handler.
     */
    static String pathWithinApplication(HttpServletRequest request) {
        String pathInfo = request.getPathInfo();
        return pathInfo == null ? request.getServletPath() : request.getServletPath() + pathInfo;
    }

    /** Case-insensitive, so that a router that ignored case could never reach an endpoint unchecked. */
    private static boolean isApi(String path) {
        return path.regionMatches(true, 0, "/api/", 0, 5) || path.equalsIgnoreCase("/api");
    }
}
