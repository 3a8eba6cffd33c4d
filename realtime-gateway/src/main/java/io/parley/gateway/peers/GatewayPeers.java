package io.parley.gateway.peers;

import io.parley.api.account.UserId;
import io.parley.gateway.frame.ServerFrame;

import java.time.Instant;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The other gateway nodes, for what is never stored: typing and presence changes, and who is online on which node.
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
}
