package io.parley.gateway.peers;

import io.parley.api.account.UserId;
import io.parley.gateway.frame.ServerFrame;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStringCommands;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.ZSetOperations;
import org.springframework.data.redis.core.types.Expiration;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

import static io.parley.gateway.peers.RedisKeys.PRESENCE;
import static io.parley.gateway.peers.RedisKeys.REGISTRY;
import static io.parley.gateway.peers.RedisKeys.bytes;
import static io.parley.gateway.peers.RedisKeys.heartbeatKey;
import static io.parley.gateway.peers.RedisKeys.lastSeenClaimKey;
import static io.parley.gateway.peers.RedisKeys.nodeLostClaimKey;
import static io.parley.gateway.peers.RedisKeys.nodesKey;
import static io.parley.gateway.peers.RedisKeys.onlineKey;
import static io.parley.gateway.peers.RedisKeys.usersKey;

/**
 * Which gateway nodes are alive, and what follows when one dies or this one comes back. Each node keeps its last
 * heartbeat ({@code parley:gateway:heartbeat:<node>}, the time of its last renewal), the same time as its score in a
 * registry of nodes ({@code parley:gateway:nodes-by-heartbeat}, a sorted set), and the set of users it holds
 * ({@code parley:gateway:users-of:<node>}), all renewed in the same pipeline as its keys.
 * A user of a node that died was last seen at its last heartbeat, recorded once across the surviving nodes, whether or
 * not any of them watched that user: the renewal's pipeline also reads the nodes whose heartbeat is older than the TTL;
 * each surviving node sweeps each such node once, telling its own sockets that the dead node's users that no live node
 * holds now are offline (last seen at that heartbeat), and the one that claims the dead node first ({@code SET NX} on
 * {@code parley:gateway:node-lost-claim:<node>:<heartbeat>}) records their last seen, each user claimed as the watched
 * check claims it ({@code parley:gateway:last-seen-claim:…}), so that the two never record it twice. Nodes silent for ten
 * TTLs leave the registry. Nothing scans the keyspace: a renewal with no dead node costs one pipelined round trip.
 * A node cut off from Redis (renewals failing) longer than the TTL looks dead to the others, who take its users
 * offline; its users are still connected to it. At its first renewal that reaches Redis again, which re-creates its
 * keys, it announces each of its users online again (pipelined, on a connection of its own, so within one renewal of
 * Redis being reachable, whatever Lettuce's reconnect backoff of the shared connection), and tells its own sockets
 * about the users of the live nodes it did not know online (announcements it missed). Those that went offline
 * meanwhile are found by the watched check. Announcements published between its return and Lettuce resubscribing its
 * pub/sub connection are missed (typing, and an "online" not found by the next comeback). A node back from an outage
 * judges no other node dead for one TTL: when Redis itself was down, every node was silent and renews again meanwhile.
 */
class NodeLiveness {

    private final StringRedisTemplate redis;
    private final RedisReachability reachability;
    private final String node;
    private final Duration ttl;
    /** The users this node holds a socket of (the caller's set, read here). */
    private final Set<UserId> here;
    /** Tells this node's sockets a presence change. */
    private final Consumer<ServerFrame.Presence> tellPresence;
    /** Records when a user lost with a dead node was last seen (on one surviving node only). */
    private final BiConsumer<UserId, Instant> tellLost;
    /** The message announcing on {@link RedisKeys#PRESENCE} that a user of this node is online. */
    private final Function<UserId, String> onlineAnnouncement;
    /** Users of other nodes this node believes online: checked at every renewal, in case their node died. */
    private final Set<UserId> watched = ConcurrentHashMap.newKeySet();
    /** Users whose node died that the watched check told offline, at that node's last heartbeat: not told again by the sweep. */
    private final Map<UserId, Instant> toldLost = new ConcurrentHashMap<>();
    /** Dead nodes ({@code node@heartbeat}) this node has swept: each is swept once per node. Renewal thread only. */
    private final Set<String> swept = new HashSet<>();
    /** Whether a renewal failed since the last one that reached Redis: the next that does announces this node again. */
    private volatile boolean away;
    /** Not before then are other nodes judged dead (epoch millis): set when this node is back from an outage. */
    private volatile long judgeFrom;

    NodeLiveness(StringRedisTemplate redis, RedisReachability reachability, String node, Duration ttl, Set<UserId> here,
                 Consumer<ServerFrame.Presence> tellPresence, BiConsumer<UserId, Instant> tellLost,
                 Function<UserId, String> onlineAnnouncement) {
        this.redis = redis;
        this.reachability = reachability;
        this.node = node;
        this.ttl = ttl;
        this.here = here;
        this.tellPresence = tellPresence;
        this.tellLost = tellLost;
        this.onlineAnnouncement = onlineAnnouncement;
    }

    /** Long enough for the surviving nodes to notice a dead node's users (after the TTL and a renewal) and claim them. */
    Duration heartbeatKept() {
        return ttl.multipliedBy(10);
    }

    /**
     * This node's heartbeat, and then whatever else {@code keysOfThisNode} renews, in one round trip that also answers
     * the other nodes silent longer than the TTL, with their last heartbeat; nodes silent ten times that long leave the
     * registry.
     */
    Map<String, Instant> heartbeat(Consumer<RedisConnection> keysOfThisNode) {
        byte[] self = bytes(node);
        long now = System.currentTimeMillis();
        byte[] heartbeat = bytes(String.valueOf(now));
        List<Object> answers = redis.executePipelined((RedisCallback<Object>) connection -> {
            connection.zSetCommands().zRangeByScoreWithScores(bytes(REGISTRY), 0, now - ttl.toMillis());
            connection.zSetCommands().zRemRangeByScore(bytes(REGISTRY), 0, now - heartbeatKept().toMillis());
            connection.zSetCommands().zAdd(bytes(REGISTRY), now, self);
            connection.stringCommands().set(bytes(heartbeatKey(node)), heartbeat,
                    Expiration.from(heartbeatKept()), RedisStringCommands.SetOption.upsert());
            keysOfThisNode.accept(connection);
            return null;
        });
        Map<String, Instant> silent = new HashMap<>();
        if (answers.get(0) instanceof Set<?> tuples) {
            for (Object tuple : tuples) {
                if (tuple instanceof ZSetOperations.TypedTuple<?> other
                        && other.getScore() != null && !node.equals(other.getValue())) {
                    silent.put(String.valueOf(other.getValue()), Instant.ofEpochMilli(other.getScore().longValue()));
                }
            }
        }
        return silent;
    }

    /** A renewal did not reach Redis: the next that does announces this node again. */
    void cutOff() {
        away = true;
    }

    /**
     * A renewal reached Redis, answering the nodes silent longer than the TTL: back from an outage, this node is
     * announced again; then the silent nodes are swept and the watched users checked.
     */
    void renewed(Map<String, Instant> silent) {
        if (away) {
            away = !reachability.attempt(this::cameBack);
            // an outage of Redis itself cut every node off: the others get one TTL to renew before they are judged
            judgeFrom = System.currentTimeMillis() + ttl.toMillis();
        }
        if (System.currentTimeMillis() < judgeFrom) {
            return;
        }
        sweep(silent);
        for (UserId user : watched) {
            if (Boolean.FALSE.equals(heldElsewhere(user)) && watched.remove(user)) {
                LostWith lost = reachability.attemptToGet(() -> lostWith(user));
                tellPresence.accept(new ServerFrame.Presence(user.value(), false,
                        lost == null ? Instant.now() : lost.lastHeartbeat()));
                if (lost != null) {
                    toldLost.put(user, lost.lastHeartbeat());
                }
                if (lost != null && !here.contains(user) && Boolean.TRUE.equals(reachability.attemptToGet(() -> claim(user, lost)))) {
                    tellLost.accept(user, lost.lastHeartbeat());
                }
            }
        }
    }

    /** This node leaves the registry (a graceful stop). */
    void leave() {
        reachability.attempt(() -> redis.opsForZSet().remove(REGISTRY, node));
    }

    /** Whether another live node holds the user; if so, the user is watched from now on. */
    boolean onlineElsewhere(UserId user) {
        Boolean elsewhere = heldElsewhere(user);
        if (Boolean.TRUE.equals(elsewhere)) {
            watched.add(user);
        }
        return Boolean.TRUE.equals(elsewhere);
    }

    /** A presence change announced by any node (this one too): whether it is news to this node. */
    boolean heard(ServerFrame.Presence change) {
        UserId user = UserId.of(change.userId());
        boolean news = change.online() ? watched.add(user) : watched.remove(user);
        if (change.online()) {
            toldLost.remove(user);
        }
        return news;
    }

    /** Whether a live node other than this one holds the user; null when Redis cannot say. */
    private Boolean heldElsewhere(UserId user) {
        try {
            Set<String> nodes = redis.opsForSet().members(nodesKey(user));
            List<String> live = nodes == null ? List.of() : nodes.stream()
                    .filter(other -> !other.equals(node)).map(other -> onlineKey(user, other)).toList();
            Long count = live.isEmpty() ? Long.valueOf(0) : redis.countExistingKeys(live);
            reachability.reachable();
            return count != null && count > 0;
        } catch (RuntimeException failure) {
            reachability.failed(failure);
            return null;
        }
    }

    /**
     * The nodes silent longer than the TTL (dead, or cut off from Redis), each swept once here: every user it held that
     * no live node holds now is told offline to this node's sockets, last seen at its last heartbeat; the node that
     * claims that node's clean-up first records those last seen times (once, whether or not anyone watched them).
     */
    private void sweep(Map<String, Instant> silent) {
        swept.retainAll(silent.entrySet().stream().map(NodeLiveness::sweepKey).toList());
        for (Map.Entry<String, Instant> dead : silent.entrySet()) {
            if (!swept.contains(sweepKey(dead)) && reachability.attempt(() -> takeOffline(dead.getKey(), dead.getValue()))) {
                swept.add(sweepKey(dead));
            }
        }
    }

    private static String sweepKey(Map.Entry<String, Instant> dead) {
        return dead.getKey() + "@" + dead.getValue().toEpochMilli();
    }

    private void takeOffline(String dead, Instant lastHeartbeat) {
        List<UserId> lost = heldByNoLiveNode(members(usersKey(dead)), dead);
        boolean cleaner = !lost.isEmpty() && Boolean.TRUE.equals(redis.opsForValue().setIfAbsent(
                nodeLostClaimKey(dead, lastHeartbeat), node, heartbeatKept()));
        List<Object> claimed = cleaner ? redis.executePipelined((RedisCallback<Object>) connection -> {
            for (UserId user : lost) {
                connection.stringCommands().set(bytes(lastSeenClaimKey(user, dead, lastHeartbeat)),
                        bytes(node), Expiration.from(heartbeatKept()), RedisStringCommands.SetOption.ifAbsent());
            }
            return null;
        }) : List.of();
        for (int i = 0; i < lost.size(); i++) {
            UserId user = lost.get(i);
            boolean toldAlready = lastHeartbeat.equals(toldLost.remove(user));
            if (watched.remove(user) || !toldAlready) {
                tellPresence.accept(new ServerFrame.Presence(user.value(), false, lastHeartbeat));
            }
            if (cleaner && Boolean.TRUE.equals(claimed.get(i))) {
                tellLost.accept(user, lastHeartbeat);
            }
        }
    }

    /** Of these users of that node, those no live node holds (nor this one): two pipelined round trips. */
    private List<UserId> heldByNoLiveNode(List<UserId> users, String dead) {
        List<UserId> candidates = users.stream().filter(user -> !here.contains(user)).toList();
        if (candidates.isEmpty()) {
            return List.of();
        }
        List<Object> nodesOfEach = redis.executePipelined((RedisCallback<Object>) connection -> {
            candidates.forEach(user -> connection.setCommands().sMembers(bytes(nodesKey(user))));
            return null;
        });
        Map<UserId, byte[][]> keysOfOthers = new LinkedHashMap<>();
        List<UserId> lost = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            UserId user = candidates.get(i);
            byte[][] keys = stringsOf(nodesOfEach.get(i)).stream().filter(other -> !other.equals(dead))
                    .map(other -> bytes(onlineKey(user, other))).toArray(byte[][]::new);
            if (keys.length == 0) {
                lost.add(user);
            } else {
                keysOfOthers.put(user, keys);
            }
        }
        if (!keysOfOthers.isEmpty()) {
            List<Object> held = redis.executePipelined((RedisCallback<Object>) connection -> {
                keysOfOthers.values().forEach(keys -> connection.keyCommands().exists(keys));
                return null;
            });
            List<UserId> checked = List.copyOf(keysOfOthers.keySet());
            for (int i = 0; i < checked.size(); i++) {
                if (held.get(i) instanceof Long count && count == 0) {
                    lost.add(checked.get(i));
                }
            }
        }
        return lost;
    }

    /**
     * Back after renewals failed (cut off from Redis, or started without it): the renewal has re-created this node's
     * keys; its users are announced online again (the other nodes may have taken them offline meanwhile), and the users
     * of the live nodes are told online here when this node had not known (it missed their announcements).
     */
    private void cameBack() {
        List<byte[]> announcements = here.stream()
                .map(user -> bytes(onlineAnnouncement.apply(user)))
                .toList();
        long now = System.currentTimeMillis();
        // pipelined, as the renewal: on a connection of their own, not the shared one Lettuce may still be reconnecting
        List<Object> answers = redis.executePipelined((RedisCallback<Object>) connection -> {
            announcements.forEach(announcement -> connection.publish(bytes(PRESENCE), announcement));
            connection.zSetCommands().zRangeByScore(bytes(REGISTRY), now - ttl.toMillis(), Double.MAX_VALUE);
            return null;
        });
        List<String> live = stringsOf(answers.get(announcements.size())).stream().filter(other -> !other.equals(node)).toList();
        if (live.isEmpty()) {
            return;
        }
        List<Object> usersOfEach = redis.executePipelined((RedisCallback<Object>) connection -> {
            live.forEach(other -> connection.setCommands().sMembers(bytes(usersKey(other))));
            return null;
        });
        List<Map.Entry<UserId, String>> held = new ArrayList<>();
        for (int i = 0; i < live.size(); i++) {
            String other = live.get(i);
            stringsOf(usersOfEach.get(i)).forEach(user -> held.add(Map.entry(UserId.of(user), other)));
        }
        List<Object> stillHeld = redis.executePipelined((RedisCallback<Object>) connection -> {
            held.forEach(entry -> connection.keyCommands().exists(bytes(onlineKey(entry.getKey(), entry.getValue()))));
            return null;
        });
        for (int i = 0; i < held.size(); i++) {
            UserId user = held.get(i).getKey();
            if (Boolean.TRUE.equals(stillHeld.get(i)) && !here.contains(user) && watched.add(user)) {
                toldLost.remove(user);
                tellPresence.accept(new ServerFrame.Presence(user.value(), true, null));
            }
        }
    }

    private List<UserId> members(String key) {
        Set<String> members = redis.opsForSet().members(key);
        return members == null ? List.of() : members.stream().map(UserId::of).toList();
    }

    @SuppressWarnings("unchecked")
    private static Set<String> stringsOf(Object answer) {
        return answer instanceof Set<?> set ? (Set<String>) set : Set.of();
    }

    /** A node that held the user when it died, and its last heartbeat. */
    private record LostWith(String node, Instant lastHeartbeat) {
    }

    /**
     * The node that last held the user and died (its key for the user expired, but it never said goodbye, which takes
     * it out of the user's nodes): the latest heartbeat of those nodes; null when the user left every node in order.
     */
    private LostWith lostWith(UserId user) {
        Set<String> nodes = redis.opsForSet().members(nodesKey(user));
        List<String> others = nodes == null ? List.of() : nodes.stream().filter(other -> !other.equals(node)).toList();
        if (others.isEmpty()) {
            return null;
        }
        List<String> heartbeats = redis.opsForValue().multiGet(others.stream().map(RedisKeys::heartbeatKey).toList());
        LostWith latest = null;
        for (int i = 0; i < others.size(); i++) {
            String heartbeat = heartbeats == null ? null : heartbeats.get(i);
            if (heartbeat != null) {
                Instant at = Instant.ofEpochMilli(Long.parseLong(heartbeat));
                if (latest == null || at.isAfter(latest.lastHeartbeat())) {
                    latest = new LostWith(others.get(i), at);
                }
            }
        }
        return latest;
    }

    /** Whether this node is the first to record that the user was lost with that node at that heartbeat. */
    private boolean claim(UserId user, LostWith lost) {
        return Boolean.TRUE.equals(redis.opsForValue().setIfAbsent(
                lastSeenClaimKey(user, lost.node(), lost.lastHeartbeat()), node, heartbeatKept()));
    }
}
