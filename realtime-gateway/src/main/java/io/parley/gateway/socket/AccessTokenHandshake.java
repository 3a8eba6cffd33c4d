package io.parley.gateway.socket;

import io.parley.platform.auth.AccessTokenVerifier;
import io.parley.platform.auth.Caller;
import io.parley.platform.auth.VerifiedAccessToken;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.util.UriComponentsBuilder;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Refuses the upgrade with 401 unless a valid access token (not expired, its session not revoked) comes along: as the
 * {@code access_token} query parameter, or as one of the offered {@code Sec-WebSocket-Protocol} values (next to
 * {@value #PROTOCOL}). The verified token stays with the socket, which lives until it (or a fresher one) expires.
 */
class AccessTokenHandshake implements HandshakeInterceptor {

    static final String PROTOCOL = "parley.v1";
    static final String CALLER = Caller.REQUEST_ATTRIBUTE;
    static final String TOKEN = "parley.accessToken";

    private final AccessTokenVerifier verifier;

    AccessTokenHandshake(AccessTokenVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                                   Map<String, Object> attributes) {
        Optional<VerifiedAccessToken> token = tokenOf(request).flatMap(verifier::verifyToken);
        if (token.isEmpty()) {
            response.setStatusCode(HttpStatus.UNAUTHORIZED);
            response.getHeaders().add("WWW-Authenticate", "Bearer");
            return false;
        }
        attributes.put(CALLER, token.get().caller());
        attributes.put(TOKEN, token.get());
        return true;
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                               Exception failure) {
    }

    private static Optional<String> tokenOf(ServerHttpRequest request) {
        String fromQuery = UriComponentsBuilder.fromUri(request.getURI()).build().getQueryParams().getFirst("access_token");
        if (fromQuery != null) {
            return Optional.of(fromQuery);
        }
        List<String> offered = request.getHeaders().get("Sec-WebSocket-Protocol");
        if (offered == null) {
            return Optional.empty();
        }
        return offered.stream()
                .flatMap(header -> List.of(header.split(",")).stream())
                .map(String::trim)
                .filter(value -> !value.equals(PROTOCOL) && value.chars().filter(c -> c == '.').count() == 2)
                .findFirst();
    }
}
