package io.parley.gateway.peers;

import io.parley.api.account.UserId;
import io.parley.gateway.frame.ServerFrame;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The other gateway nodes, for what is never stored: typing and presence changes, who (and which device) is online
 * on which node, and which node does a task that must be done once across nodes.
 * {@code parley.gateway.shared-state} picks the implementation: {@link LocalPeers} (one node, the default and
 * standalone's: nothing to share) or {@link RedisPeers} (several nodes sharing a Redis).
 */
public interface GatewayPeers {

    /** Tells the other nodes that a user of this node started or stopped typing. */
    void typing(ServerFrame.Typing typing);

    /** What to do with a typing change from another node. */
    void onTyping(Consumer<ServerFrame.Typing> handler);

    /** This node now holds the user's first socket: recorded for the other nodes and announced to them. */
    void cameOnline(UserId user);

    /**
     * This node no longer holds any socket of the user: recorded, and announced to the other nodes unless the user is
     * still online on one of them. Returns whether the user is now offline everywhere.
     */
    boolean wentOffline(UserId user, Instant lastSeen);

    /** Whether another node holds a socket of the user (false when that cannot be known). */
    boolean onlineElsewhere(UserId user);

    /** What to do with a user going online or offline on the other nodes (including a node that died). */
    void onPresence(Consumer<ServerFrame.Presence> handler);

    /**
     * What to do with a user whose node died holding them (no goodbye, so nobody recorded when they were last seen):
     * called on one surviving node only, with the dead node's last heartbeat as the time they were last seen.
     */
    void onLostWithNode(BiConsumer<UserId, Instant> handler);

    /** This node now holds a socket of the user's device (one call per socket): recorded for the other nodes. */
    void deviceConnected(UserId user, String deviceId);

    /** One of this node's sockets of the device closed (one call per socket); the last one takes the record away. */
    void deviceDisconnected(UserId user, String deviceId);

    /** Whether another node holds a socket of the device (false when that cannot be known). */
    boolean deviceOnlineElsewhere(UserId user, String deviceId);

    /**
     * Claims a task that one node only must do, for {@code hold} at most (a node that dies loses it then): true when
     * this node holds it now, having taken it or held it already (then held {@code hold} longer). True as well when
     * the other nodes cannot be asked: then each node does the task rather than none.
     */
    boolean claim(String task, Duration hold);

    /** Gives up a task this node claimed, so that the next claim of it by any node succeeds. */
    void release(String task);
}
