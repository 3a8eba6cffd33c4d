package io.parley.gateway.peers;

import io.parley.api.account.UserId;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Every channel and key the gateway nodes share in Redis. Nodes of an older build may share the same Redis during a
 * rolling upgrade: a name changed here is a name those nodes no longer understand.
 * <ul>
 * <li>{@code parley:gateway:typing} and {@code parley:gateway:presence}: the pub/sub channels of typing and presence
 * changes.</li>
 * <li>{@code parley:gateway:online:<user>:<node>}: the user has a socket on the node; expires after
 * {@code parley.gateway.presence-ttl} unless the node renews it. {@code parley:gateway:nodes:<user>}: the nodes that
 * recorded such a key and did not take it away since (a node that died never does).</li>
 * <li>{@code parley:gateway:device-online:<user>:<device>:<node>} and {@code parley:gateway:device-nodes:<user>:<device>}:
 * the same for a device, for push.</li>
 * <li>{@code parley:gateway:nodes-by-heartbeat}: the registry of nodes, a sorted set scored by each node's last
 * heartbeat; {@code parley:gateway:heartbeat:<node>}: that heartbeat; {@code parley:gateway:users-of:<node>}: the users
 * the node holds, what the other nodes sweep when it dies.</li>
 * <li>{@code parley:gateway:node-lost-claim:<node>:<heartbeat>} and
 * {@code parley:gateway:last-seen-claim:<user>:<node>:<heartbeat>}: which surviving node records the last seen of a
 * dead node's users (of all of them, and of each).</li>
 * <li>{@code parley:gateway:claim:<task>}: the node that holds a task one node only must do.</li>
 * </ul>
 */
final class RedisKeys {

    static final String TYPING = "parley:gateway:typing";
    static final String PRESENCE = "parley:gateway:presence";
    /** Every node that renewed lately, scored by its last heartbeat (epoch millis, the node's clock). */
    static final String REGISTRY = "parley:gateway:nodes-by-heartbeat";

    private RedisKeys() {
    }

    static String onlineKey(UserId user, String node) {
        return "parley:gateway:online:" + user.value() + ":" + node;
    }

    static String nodesKey(UserId user) {
        return "parley:gateway:nodes:" + user.value();
    }

    static String deviceOnlineKey(Device device, String node) {
        return "parley:gateway:device-online:" + device.user().value() + ":" + device.id() + ":" + node;
    }

    static String deviceNodesKey(Device device) {
        return "parley:gateway:device-nodes:" + device.user().value() + ":" + device.id();
    }

    static String heartbeatKey(String node) {
        return "parley:gateway:heartbeat:" + node;
    }

    /** The users a node holds, renewed with its heartbeat: what the other nodes sweep when it dies. */
    static String usersKey(String node) {
        return "parley:gateway:users-of:" + node;
    }

    static String nodeLostClaimKey(String dead, Instant lastHeartbeat) {
        return "parley:gateway:node-lost-claim:" + dead + ":" + lastHeartbeat.toEpochMilli();
    }

    static String lastSeenClaimKey(UserId user, String dead, Instant lastHeartbeat) {
        return "parley:gateway:last-seen-claim:" + user.value() + ":" + dead + ":" + lastHeartbeat.toEpochMilli();
    }

    static String claimKey(String task) {
        return "parley:gateway:claim:" + task;
    }

    /** A key, channel or value as the pipelined connection takes it. */
    static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
