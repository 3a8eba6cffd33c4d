package io.parley.gateway.socket;

import io.parley.platform.auth.AccessTokenAuthentication;
import io.parley.platform.auth.Caller;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

import java.util.Map;

/**
 * Hands the socket the access token the security chain verified for the upgrade (the chain refuses an upgrade without
 * a valid one with 401 before it gets here; see {@link RealtimeSocketConfiguration#realtimeSocketEndpoint}). The
 * verified token stays with the socket, which lives until it (or a fresher one) expires.
 */
class AccessTokenHandshake implements HandshakeInterceptor {

    static final String PROTOCOL = "parley.v1";
    static final String CALLER = Caller.REQUEST_ATTRIBUTE;
    static final String TOKEN = "parley.accessToken";

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                                   Map<String, Object> attributes) {
        if (!(request.getPrincipal() instanceof AccessTokenAuthentication authenticated)) {
            // never reached past the security chain; refused all the same should the chain ever miss the path
            response.setStatusCode(HttpStatus.UNAUTHORIZED);
            response.getHeaders().add("WWW-Authenticate", "Bearer");
            return false;
        }
        attributes.put(CALLER, authenticated.getPrincipal());
        attributes.put(TOKEN, authenticated.token());
        return true;
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                               Exception failure) {
    }
}
