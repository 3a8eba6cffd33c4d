package io.parley.gateway.peers;

import io.parley.api.account.UserId;
import io.parley.gateway.frame.ServerFrame;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/** A single gateway node (standalone, or {@code parley.gateway.shared-state=local}): no other node to tell. */
@Component
@ConditionalOnProperty(name = "parley.gateway.shared-state", havingValue = "local", matchIfMissing = true)
class LocalPeers implements GatewayPeers {

    @Override
    public void typing(ServerFrame.Typing typing) {
    }

    @Override
    public void onTyping(Consumer<ServerFrame.Typing> handler) {
    }

    @Override
    public void cameOnline(UserId user) {
    }

    @Override
    public boolean wentOffline(UserId user, Instant lastSeen) {
        return true;
    }

    @Override
    public boolean onlineElsewhere(UserId user) {
        return false;
    }

    @Override
    public void onPresence(Consumer<ServerFrame.Presence> handler) {
    }

    @Override
    public void onLostWithNode(BiConsumer<UserId, Instant> handler) {
    }

    @Override
    public void deviceConnected(UserId user, String deviceId) {
    }

    @Override
    public void deviceDisconnected(UserId user, String deviceId) {
    }

    @Override
    public boolean deviceOnlineElsewhere(UserId user, String deviceId) {
        return false;
    }

    @Override
    public boolean claim(String task, Duration hold) {
        return true;
    }

    @Override
    public void release(String task) {
    }
}
