package io.parley.gateway.peers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.api.account.UserId;
import io.parley.gateway.frame.ServerFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.RedisStringCommands;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.core.types.Expiration;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.ZSetOperations;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Gateway nodes sharing a Redis ({@code parley.gateway.shared-state=redis}): typing and presence changes go through
 * pub/sub channels; each node keeps a key per user it holds ({@code parley:gateway:online:<user>:<node>}) that
 * expires after {@code parley.gateway.presence-ttl} unless the node renews it, so a node that dies takes its users
 * offline within that time: the nodes that told their users someone was online check again at every renewal.
 * Each node also keeps its last heartbeat ({@code parley:gateway:heartbeat:<node>}, the time of its last renewal), the
 * same time as its score in a registry of nodes ({@code parley:gateway:nodes-by-heartbeat}, a sorted set), and the set
 * of users it holds ({@code parley:gateway:users-of:<node>}), all renewed in the same pipeline as its keys.
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
 * Devices are kept the same way ({@code parley:gateway:device-online:<user>:<device>:<node>} and the set of their
 * nodes), for push: a device with a socket on any node is not pushed. A task one node only must do is claimed with a
 * key holding the node's id ({@code parley:gateway:claim:<task>}, set if absent or renewed by its holder, atomically).
 * With Redis unreachable, every node still serves its own users (the failure is logged once, not per frame).
 */
class RedisPeers implements GatewayPeers, DisposableBean {

    static final String TYPING = "parley:gateway:typing";
    static final String PRESENCE = "parley:gateway:presence";
    /** Every node that renewed lately, scored by its last heartbeat (epoch millis, the node's clock). */
    static final String REGISTRY = "parley:gateway:nodes-by-heartbeat";

    private static final Logger log = LoggerFactory.getLogger(RedisPeers.class);
    /** Takes the task when nobody holds it, or holds it longer when this node does: 1 when this node holds it now. */
    private static final RedisScript<Long> CLAIM = new DefaultRedisScript<>("""
            local holder = redis.call('GET', KEYS[1])
            if holder == false or holder == ARGV[1] then
              redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
              return 1
            end
            return 0""", Long.class);
    private static final RedisScript<Long> RELEASE = new DefaultRedisScript<>("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0""", Long.class);

    private final StringRedisTemplate redis;
    private final ObjectMapper json;
    private final String node;
    private final Duration ttl;
    private final List<Consumer<ServerFrame.Typing>> typingHandlers = new CopyOnWriteArrayList<>();
    private final List<Consumer<ServerFrame.Presence>> presenceHandlers = new CopyOnWriteArrayList<>();
    private final List<BiConsumer<UserId, Instant>> lostHandlers = new CopyOnWriteArrayList<>();
    /** The users this node holds a socket of. */
    private final Set<UserId> here = ConcurrentHashMap.newKeySet();
    /** The devices this node holds a socket of, and how many sockets of each. */
    private final Map<Device, Integer> devicesHere = new ConcurrentHashMap<>();
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
    private final RedisMessageListenerContainer listeners;
    /** Whether the channels were ever subscribed: from then on the container resubscribes by itself after an outage. */
    private volatile boolean subscribed;
    private final AtomicBoolean unreachable = new AtomicBoolean();
    /** Publishing off the socket threads; if Redis is slow the oldest changes go first. */
    private final ThreadPoolExecutor publisher = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(10_000), daemon("parley-peers-publish"), new ThreadPoolExecutor.DiscardOldestPolicy());
    private final ScheduledExecutorService renewals = Executors.newSingleThreadScheduledExecutor(daemon("parley-peers-renew"));

    RedisPeers(StringRedisTemplate redis, RedisMessageListenerContainer listeners, ObjectMapper json, String node,
               Duration ttl) {
        this.redis = redis;
        this.json = json;
        this.node = node == null || node.isBlank() ? UUID.randomUUID().toString() : node;
        this.ttl = ttl;
        this.listeners = listeners;
        listeners.addMessageListener(this::received, List.of(new ChannelTopic(TYPING), new ChannelTopic(PRESENCE)));
        listeners.afterPropertiesSet();
        // subscribes on the renewal thread, not here: a bean that waits for Redis while the application context is
        // being built can deadlock with Lettuce's event loop, whose first latency sample looks up the tracer bean
        long every = Math.max(100, ttl.toMillis() / 3);
        renewals.scheduleWithFixedDelay(this::renewAndCheck, 0, every, TimeUnit.MILLISECONDS);
    }

    record TypingChange(String node, ServerFrame.Typing change) {
    }

    record PresenceChange(String node, ServerFrame.Presence change) {
    }

    private record Device(UserId user, String id) {
    }

    @Override
    public void typing(ServerFrame.Typing typing) {
        publisher.execute(() -> publish(TYPING, new TypingChange(node, typing)));
    }

    @Override
    public void onTyping(Consumer<ServerFrame.Typing> handler) {
        typingHandlers.add(handler);
    }

    @Override
    public void cameOnline(UserId user) {
        here.add(user);
        publisher.execute(() -> {
            if (attempt(() -> record(user))) {
                publish(PRESENCE, new PresenceChange(node, new ServerFrame.Presence(user.value(), true, null)));
            }
        });
    }

    @Override
    public boolean wentOffline(UserId user, Instant lastSeen) {
        here.remove(user);
        attempt(() -> {
            redis.delete(onlineKey(user, node));
            redis.opsForSet().remove(nodesKey(user), node);
            redis.opsForSet().remove(usersKey(node), user.value());
        });
        if (onlineElsewhere(user)) {
            return false;
        }
        publisher.execute(() -> publish(PRESENCE, new PresenceChange(node, new ServerFrame.Presence(user.value(), false, lastSeen))));
        return true;
    }

    @Override
    public boolean onlineElsewhere(UserId user) {
        Boolean elsewhere = heldElsewhere(user);
        if (Boolean.TRUE.equals(elsewhere)) {
            watched.add(user);
        }
        return Boolean.TRUE.equals(elsewhere);
    }

    @Override
    public void onPresence(Consumer<ServerFrame.Presence> handler) {
        presenceHandlers.add(handler);
    }

    @Override
    public void onLostWithNode(BiConsumer<UserId, Instant> handler) {
        lostHandlers.add(handler);
    }

    /** Counted and queued in the map's lock: the writes reach Redis in the order the sockets came and went. */
    @Override
    public void deviceConnected(UserId user, String deviceId) {
        Device device = new Device(user, deviceId);
        devicesHere.compute(device, (key, sockets) -> {
            publisher.execute(() -> attempt(() -> record(device)));
            return sockets == null ? 1 : sockets + 1;
        });
    }

    @Override
    public void deviceDisconnected(UserId user, String deviceId) {
        Device device = new Device(user, deviceId);
        devicesHere.computeIfPresent(device, (key, sockets) -> {
            if (sockets > 1) {
                return sockets - 1;
            }
            publisher.execute(() -> attempt(() -> forget(device)));
            return null;
        });
    }

    @Override
    public boolean deviceOnlineElsewhere(UserId user, String deviceId) {
        Device device = new Device(user, deviceId);
        return Boolean.TRUE.equals(attemptToGet(() -> {
            Set<String> nodes = redis.opsForSet().members(deviceNodesKey(device));
            List<String> live = nodes == null ? List.of() : nodes.stream()
                    .filter(other -> !other.equals(node)).map(other -> deviceOnlineKey(device, other)).toList();
            Long count = live.isEmpty() ? Long.valueOf(0) : redis.countExistingKeys(live);
            return count != null && count > 0;
        }));
    }

    @Override
    public boolean claim(String task, Duration hold) {
        Long held = attemptToGet(() -> redis.execute(CLAIM, List.of(claimKey(task)), node,
                String.valueOf(hold.toMillis())));
        return held == null || held == 1;
    }

    @Override
    public void release(String task) {
        attempt(() -> redis.execute(RELEASE, List.of(claimKey(task)), node));
    }

    /** Whether a live node other than this one holds the user; null when Redis cannot say. */
    private Boolean heldElsewhere(UserId user) {
        try {
            Set<String> nodes = redis.opsForSet().members(nodesKey(user));
            List<String> live = nodes == null ? List.of() : nodes.stream()
                    .filter(other -> !other.equals(node)).map(other -> onlineKey(user, other)).toList();
            Long count = live.isEmpty() ? Long.valueOf(0) : redis.countExistingKeys(live);
            reachable();
            return count != null && count > 0;
        } catch (RuntimeException failure) {
            failed(failure);
            return null;
        }
    }

    private void record(UserId user) {
        redis.opsForValue().set(heartbeatKey(node), String.valueOf(System.currentTimeMillis()), heartbeatKept());
        redis.opsForValue().set(onlineKey(user, node), node, ttl);
        redis.opsForSet().add(nodesKey(user), node);
        redis.expire(nodesKey(user), ttl.multipliedBy(2));
        redis.opsForSet().add(usersKey(node), user.value());
        redis.expire(usersKey(node), heartbeatKept());
    }

    private void record(Device device) {
        redis.opsForValue().set(deviceOnlineKey(device, node), node, ttl);
        redis.opsForSet().add(deviceNodesKey(device), node);
        redis.expire(deviceNodesKey(device), ttl.multipliedBy(2));
    }

    private void forget(Device device) {
        redis.delete(deviceOnlineKey(device, node));
        redis.opsForSet().remove(deviceNodesKey(device), node);
    }

    /** A node started while Redis is down comes up all the same, and subscribes once Redis is there. */
    private void subscribe() {
        try {
            listeners.start();
            subscribed = true;
            reachable();
        } catch (RuntimeException failure) {
            listeners.stop();
            failed(failure);
        }
    }

    private void renewAndCheck() {
        if (!subscribed) {
            subscribe();
        }
        Map<String, Instant> silent = attemptToGet(this::renew);
        if (silent == null) {
            away = true;
            return;
        }
        if (away) {
            away = !attempt(this::cameBack);
            // an outage of Redis itself cut every node off: the others get one TTL to renew before they are judged
            judgeFrom = System.currentTimeMillis() + ttl.toMillis();
        }
        if (System.currentTimeMillis() < judgeFrom) {
            return;
        }
        sweep(silent);
        for (UserId user : watched) {
            if (Boolean.FALSE.equals(heldElsewhere(user)) && watched.remove(user)) {
                LostWith lost = attemptToGet(() -> lostWith(user));
                deliver(presenceHandlers, new ServerFrame.Presence(user.value(), false,
                        lost == null ? Instant.now() : lost.lastHeartbeat()));
                if (lost != null) {
                    toldLost.put(user, lost.lastHeartbeat());
                }
                if (lost != null && !here.contains(user) && Boolean.TRUE.equals(attemptToGet(() -> claim(user, lost)))) {
                    lostHandlers.forEach(handler -> handler.accept(user, lost.lastHeartbeat()));
                }
            }
        }
    }

    /**
     * The nodes silent longer than the TTL (dead, or cut off from Redis), each swept once here: every user it held that
     * no live node holds now is told offline to this node's sockets, last seen at its last heartbeat; the node that
     * claims that node's clean-up first records those last seen times (once, whether or not anyone watched them).
     */
    private void sweep(Map<String, Instant> silent) {
        swept.retainAll(silent.entrySet().stream().map(RedisPeers::sweepKey).toList());
        for (Map.Entry<String, Instant> dead : silent.entrySet()) {
            if (!swept.contains(sweepKey(dead)) && attempt(() -> takeOffline(dead.getKey(), dead.getValue()))) {
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
                "parley:gateway:node-lost-claim:" + dead + ":" + lastHeartbeat.toEpochMilli(), node, heartbeatKept()));
        List<Object> claimed = cleaner ? redis.executePipelined((RedisCallback<Object>) connection -> {
            for (UserId user : lost) {
                connection.stringCommands().set(bytes(lastSeenClaimKey(user, new LostWith(dead, lastHeartbeat))),
                        bytes(node), Expiration.from(heartbeatKept()), RedisStringCommands.SetOption.ifAbsent());
            }
            return null;
        }) : List.of();
        for (int i = 0; i < lost.size(); i++) {
            UserId user = lost.get(i);
            boolean toldAlready = lastHeartbeat.equals(toldLost.remove(user));
            if (watched.remove(user) || !toldAlready) {
                deliver(presenceHandlers, new ServerFrame.Presence(user.value(), false, lastHeartbeat));
            }
            if (cleaner && Boolean.TRUE.equals(claimed.get(i))) {
                lostHandlers.forEach(handler -> handler.accept(user, lastHeartbeat));
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
                .map(user -> bytes(asJson(new PresenceChange(node, new ServerFrame.Presence(user.value(), true, null)))))
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
                deliver(presenceHandlers, new ServerFrame.Presence(user.value(), true, null));
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

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
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
        List<String> heartbeats = redis.opsForValue().multiGet(others.stream().map(RedisPeers::heartbeatKey).toList());
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
        return Boolean.TRUE.equals(redis.opsForValue().setIfAbsent(lastSeenClaimKey(user, lost), node, heartbeatKept()));
    }

    private static String lastSeenClaimKey(UserId user, LostWith lost) {
        return "parley:gateway:last-seen-claim:" + user.value() + ":" + lost.node() + ":" + lost.lastHeartbeat().toEpochMilli();
    }

    /** Long enough for the surviving nodes to notice a dead node's users (after the TTL and a renewal) and claim them. */
    private Duration heartbeatKept() {
        return ttl.multipliedBy(10);
    }

    /**
     * Every user and device this node holds and its heartbeat, in one round trip that also answers the other nodes silent
     * longer than the TTL, with their last heartbeat; nodes silent ten times that long leave the registry.
     */
    private Map<String, Instant> renew() {
        List<UserId> users = List.copyOf(here);
        List<Device> devices = List.copyOf(devicesHere.keySet());
        byte[] self = bytes(node);
        long now = System.currentTimeMillis();
        byte[] heartbeat = bytes(String.valueOf(now));
        List<Object> answers = redis.executePipelined((RedisCallback<Object>) connection -> {
            connection.zSetCommands().zRangeByScoreWithScores(bytes(REGISTRY), 0, now - ttl.toMillis());
            connection.zSetCommands().zRemRangeByScore(bytes(REGISTRY), 0, now - heartbeatKept().toMillis());
            connection.zSetCommands().zAdd(bytes(REGISTRY), now, self);
            connection.stringCommands().set(bytes(heartbeatKey(node)), heartbeat,
                    Expiration.from(heartbeatKept()), RedisStringCommands.SetOption.upsert());
            byte[] usersHere = bytes(usersKey(node));
            for (UserId user : users) {
                byte[] nodes = bytes(nodesKey(user));
                connection.stringCommands().set(bytes(onlineKey(user, node)), self,
                        Expiration.from(ttl), RedisStringCommands.SetOption.upsert());
                connection.setCommands().sAdd(nodes, self);
                connection.keyCommands().pExpire(nodes, ttl.multipliedBy(2).toMillis());
                connection.setCommands().sAdd(usersHere, bytes(user.value()));
            }
            connection.keyCommands().pExpire(usersHere, heartbeatKept().toMillis());
            for (Device device : devices) {
                byte[] nodes = bytes(deviceNodesKey(device));
                connection.stringCommands().set(bytes(deviceOnlineKey(device, node)), self,
                        Expiration.from(ttl), RedisStringCommands.SetOption.upsert());
                connection.setCommands().sAdd(nodes, self);
                connection.keyCommands().pExpire(nodes, ttl.multipliedBy(2).toMillis());
            }
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

    private void received(Message message, byte[] pattern) {
        String channel = new String(message.getChannel(), StandardCharsets.UTF_8);
        try {
            if (channel.equals(TYPING)) {
                TypingChange typing = json.readValue(message.getBody(), TypingChange.class);
                if (!typing.node().equals(node)) {
                    deliver(typingHandlers, typing.change());
                }
            } else {
                PresenceChange presence = json.readValue(message.getBody(), PresenceChange.class);
                UserId user = UserId.of(presence.change().userId());
                boolean news = presence.change().online() ? watched.add(user) : watched.remove(user);
                if (presence.change().online()) {
                    toldLost.remove(user);
                }
                if (!presence.node().equals(node) && news) {
                    deliver(presenceHandlers, presence.change());
                }
            }
        } catch (java.io.IOException | RuntimeException unreadable) {
            log.warn("Unreadable message on {}: {}", channel, unreadable.toString());
        }
    }

    private static <T> void deliver(List<Consumer<T>> handlers, T change) {
        handlers.forEach(handler -> handler.accept(change));
    }

    private void publish(String channel, Object change) {
        String message = asJson(change);
        attempt(() -> redis.convertAndSend(channel, message));
    }

    private String asJson(Object change) {
        try {
            return json.writeValueAsString(change);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** The answer, or null when Redis cannot give it. */
    private <T> T attemptToGet(java.util.function.Supplier<T> query) {
        try {
            T answer = query.get();
            reachable();
            return answer;
        } catch (RuntimeException failure) {
            failed(failure);
            return null;
        }
    }

    private boolean attempt(Runnable command) {
        try {
            command.run();
            reachable();
            return true;
        } catch (RuntimeException failure) {
            failed(failure);
            return false;
        }
    }

    private void failed(RuntimeException failure) {
        if (unreachable.compareAndSet(false, true)) {
            log.error("Redis unreachable: typing and presence reach the users of this gateway node only, and each node"
                    + " decides on pushes alone, until it is back ({})", failure.toString());
        }
    }

    private void reachable() {
        if (unreachable.compareAndSet(true, false)) {
            log.info("Redis reachable again: typing and presence reach the other gateway nodes");
        }
    }

    private static String onlineKey(UserId user, String node) {
        return "parley:gateway:online:" + user.value() + ":" + node;
    }

    private static String deviceOnlineKey(Device device, String node) {
        return "parley:gateway:device-online:" + device.user().value() + ":" + device.id() + ":" + node;
    }

    private static String deviceNodesKey(Device device) {
        return "parley:gateway:device-nodes:" + device.user().value() + ":" + device.id();
    }

    private static String claimKey(String task) {
        return "parley:gateway:claim:" + task;
    }

    private static String heartbeatKey(String node) {
        return "parley:gateway:heartbeat:" + node;
    }

    /** The users a node holds, renewed with its heartbeat: what the other nodes sweep when it dies. */
    private static String usersKey(String node) {
        return "parley:gateway:users-of:" + node;
    }

    private static String nodesKey(UserId user) {
        return "parley:gateway:nodes:" + user.value();
    }

    /** A graceful stop: this node's users are offline here at once, not after the TTL. */
    @Override
    public void destroy() throws Exception {
        renewals.shutdownNow();
        for (UserId user : Set.copyOf(here)) {
            wentOffline(user, Instant.now());
        }
        for (Device device : Set.copyOf(devicesHere.keySet())) {
            attempt(() -> forget(device));
        }
        attempt(() -> redis.opsForZSet().remove(REGISTRY, node));
        publisher.shutdown();
        try {
            publisher.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        listeners.destroy();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
