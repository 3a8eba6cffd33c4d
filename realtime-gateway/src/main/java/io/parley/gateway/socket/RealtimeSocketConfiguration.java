package io.parley.gateway.socket;

import io.parley.platform.auth.SocketEndpoint;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;

/** {@code GET /ws}: one socket per device, its upgrade authenticated by the security chain. */
@Configuration
@EnableWebSocket
@EnableScheduling
@EnableConfigurationProperties(GatewayProperties.class)
class RealtimeSocketConfiguration implements WebSocketConfigurer {

    static final String PATH = "/ws";

    private final RealtimeSocketHandler handler;

    RealtimeSocketConfiguration(RealtimeSocketHandler handler) {
        this.handler = handler;
    }

    /** The upgrade needs an access token, in the query or offered next to the subprotocol (docs/protocol.md). */
    @Bean
    SocketEndpoint realtimeSocketEndpoint() {
        return new SocketEndpoint(PATH, AccessTokenHandshake.PROTOCOL);
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        DefaultHandshakeHandler handshake = new DefaultHandshakeHandler();
        handshake.setSupportedProtocols(AccessTokenHandshake.PROTOCOL);
        registry.addHandler(handler, PATH)
                .setHandshakeHandler(handshake)
                .addInterceptors(new AccessTokenHandshake())
                // tokens, not cookies, authenticate: a page from another origin gains nothing by connecting
                .setAllowedOriginPatterns("*");
    }

    /**
     * The container's read buffers, allocated per socket for its whole life: frames larger than them arrive in parts,
     * joined by {@link FrameParts} up to the frame limit (over it the socket closes with 1009). With buffers as large as
     * the limit, an idle socket held about 200 KiB of heap; binary frames are refused (1003) at their first part.
     */
    static final int PART_CHARS = 1024;
    private static final int BINARY_PART_BYTES = 1024;

    @Bean
    ServletServerContainerFactoryBean webSocketContainer() {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        container.setMaxTextMessageBufferSize(PART_CHARS);
        container.setMaxBinaryMessageBufferSize(BINARY_PART_BYTES);
        return container;
    }

    /**
     * The connection's own read and write buffers (Tomcat's NIO {@code socket.appReadBufSize} and
     * {@code appWriteBufSize}, 8 KiB each by default), also held by every socket for its whole life. A larger read or
     * write takes more than one pass through them.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> connectionBuffers(
            @Value("${parley.gateway.connection-buffer-bytes:4096}") int bytes) {
        if (bytes < 1024 || bytes > 65536) {
            throw new IllegalArgumentException("parley.gateway.connection-buffer-bytes must be between 1024 and 65536");
        }
        return factory -> factory.addConnectorCustomizers(connector -> {
            connector.setProperty("socket.appReadBufSize", Integer.toString(bytes));
            connector.setProperty("socket.appWriteBufSize", Integer.toString(bytes));
        });
    }
}
