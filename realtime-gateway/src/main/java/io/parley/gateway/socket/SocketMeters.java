package io.parley.gateway.socket;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.parley.gateway.connection.ConnectionRegistry;
import io.parley.gateway.connection.DeviceConnection;
import org.springframework.stereotype.Component;

/**
 * {@code parley.sockets.open}: the sockets this node holds. {@code parley.socket.drops}: frames dropped because a
 * socket's send buffer (or send time limit) overflowed; each closes that socket ({@link DeviceConnection#TOO_SLOW}).
 */
@Component
class SocketMeters {

    private final Counter drops;

    SocketMeters(MeterRegistry registry, ConnectionRegistry connections) {
        Gauge.builder("parley.sockets.open", connections, ConnectionRegistry::size)
                .description("Open sockets on this node")
                .register(registry);
        this.drops = Counter.builder("parley.socket.drops")
                .description("Frames dropped for a socket that could not keep up (the socket is closed)")
                .register(registry);
    }

    Counter drops() {
        return drops;
    }
}
