package io.parley.platform.auth;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.web.util.UriComponentsBuilder;

import java.util.Collections;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Where a request's access token is read: nowhere on requests that need none (a stale token sent along to log in or
 * refresh is ignored, not refused); on a socket upgrade from the {@code access_token} query parameter, else from an
 * offered {@code Sec-WebSocket-Protocol} value other than the endpoint's protocol; on the API from the
 * {@code Authorization: Bearer} header only. A blank token is none (the bearer filter would fail on it, a 500): the
 * request is then unauthenticated, a 401.
 */
final class AccessTokenResolver implements BearerTokenResolver {

    private final AccessTokenPaths paths;
    private final DefaultBearerTokenResolver header = new DefaultBearerTokenResolver();

    AccessTokenResolver(AccessTokenPaths paths) {
        this.paths = paths;
    }

    @Override
    public String resolve(HttpServletRequest request) {
        if (!paths.requiresToken(request)) {
            return null;
        }
        SocketEndpoint socket = paths.socketOf(request);
        return socket == null ? header.resolve(request) : fromUpgrade(request, socket);
    }

    private static String fromUpgrade(HttpServletRequest request, SocketEndpoint socket) {
        if (request.getQueryString() != null) {
            String fromQuery = UriComponentsBuilder.newInstance().query(request.getQueryString()).build()
                    .getQueryParams().getFirst("access_token");
            if (fromQuery != null && !fromQuery.isBlank()) {
                return fromQuery;
            }
        }
        return Collections.list(request.getHeaders("Sec-WebSocket-Protocol")).stream()
                .flatMap(header -> Stream.of(header.split(",")))
                .map(String::trim)
                .filter(value -> !Objects.equals(value, socket.subProtocol()) && looksLikeAJwt(value))
                .findFirst()
                .orElse(null);
    }

    private static boolean looksLikeAJwt(String value) {
        return value.chars().filter(c -> c == '.').count() == 2;
    }
}
