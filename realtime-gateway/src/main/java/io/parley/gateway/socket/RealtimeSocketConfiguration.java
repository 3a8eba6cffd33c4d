package io.parley.gateway.socket;

import io.parley.platform.auth.AccessTokenVerifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;

/** {@code GET /ws}: one socket per device, authenticated at the handshake. */
@Configuration
@EnableWebSocket
@EnableScheduling
@EnableConfigurationProperties(GatewayProperties.class)
class RealtimeSocketConfiguration implements WebSocketConfigurer {

    private final RealtimeSocketHandler handler;
    private final AccessTokenVerifier verifier;

    RealtimeSocketConfiguration(RealtimeSocketHandler handler, AccessTokenVerifier verifier) {
        this.handler = handler;
        this.verifier = verifier;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        DefaultHandshakeHandler handshake = new DefaultHandshakeHandler();
        handshake.setSupportedProtocols(AccessTokenHandshake.PROTOCOL);
        registry.addHandler(handler, "/ws")
                .setHandshakeHandler(handshake)
                .addInterceptors(new AccessTokenHandshake(verifier))
                // tokens, not cookies, authenticate: a page from another origin gains nothing by connecting
                .setAllowedOriginPatterns("*");
    }

    /** Frames over the limit close the socket with 1009 (message too big) before they are read. */
    @Bean
    ServletServerContainerFactoryBean webSocketContainer(GatewayProperties properties) {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        container.setMaxTextMessageBufferSize(properties.maxFrameBytes());
        container.setMaxBinaryMessageBufferSize(properties.maxFrameBytes());
        return container;
    }
}
