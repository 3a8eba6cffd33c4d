package io.parley.gateway.socket;

import io.parley.gateway.connection.ConnectionRegistry;
import io.parley.gateway.connection.DeviceConnection;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;

/** Pings every socket well within the 60 s after which proxies drop idle ones, and reaps the silent. */
@Component
class Heartbeat {

    static final CloseStatus SILENT = new CloseStatus(4001, "no pong: connection presumed dead");

    private final ConnectionRegistry registry;
    private final GatewayProperties properties;

    Heartbeat(ConnectionRegistry registry, GatewayProperties properties) {
        this.registry = registry;
        this.properties = properties;
    }

    @Scheduled(fixedRateString = "${parley.gateway.ping-every:25s}")
    void beat() {
        long deadline = System.currentTimeMillis() - properties.deadAfter().toMillis();
        for (DeviceConnection connection : registry.all()) {
            if (connection.lastHeardMillis() < deadline) {
                connection.close(SILENT);
            } else {
                connection.ping();
            }
        }
    }
}
