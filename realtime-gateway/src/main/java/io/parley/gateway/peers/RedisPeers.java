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
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
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
 * Each node also keeps its last heartbeat ({@code parley:gateway:heartbeat:<node>}, the time of its last renewal):
 * the user of a node that died was last seen then, and one surviving node, the one that claims it first
 * ({@code SET NX}), has that recorded.
 * Devices are kept the same way ({@code parley:gateway:device-online:<user>:<device>:<node>} and the set of their
 * nodes), for push: a device with a socket on any node is not pushed. A task one node only must do is claimed with a
 * key holding the node's id ({@code parley:gateway:claim:<task>}, set if absent or renewed by its holder, atomically).
 * With Redis unreachable, every node still serves its own users (the failure is logged once, not per frame).
 */
class RedisPeers implements GatewayPeers, DisposableBean {

    static final String TYPING = "parley:gateway:typing";
    static final String PRESENCE = "parley:gateway:presence";

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
        if (!attempt(this::renew)) {
            return;
        }
        for (UserId user : watched) {
            if (Boolean.FALSE.equals(heldElsewhere(user)) && watched.remove(user)) {
                LostWith lost = attemptToGet(() -> lostWith(user));
                deliver(presenceHandlers, new ServerFrame.Presence(user.value(), false,
                        lost == null ? Instant.now() : lost.lastHeartbeat()));
                if (lost != null && !here.contains(user) && Boolean.TRUE.equals(attemptToGet(() -> claim(user, lost)))) {
                    lostHandlers.forEach(handler -> handler.accept(user, lost.lastHeartbeat()));
                }
            }
        }
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
        String claim = "parley:gateway:last-seen-claim:" + user.value() + ":" + lost.node() + ":"
                + lost.lastHeartbeat().toEpochMilli();
        return Boolean.TRUE.equals(redis.opsForValue().setIfAbsent(claim, node, heartbeatKept()));
    }

    /** Long enough for the surviving nodes to notice a dead node's users (after the TTL and a renewal) and claim them. */
    private Duration heartbeatKept() {
        return ttl.multipliedBy(10);
    }

    /** Every user and device this node holds, in one round trip. */
    private void renew() {
        List<UserId> users = List.copyOf(here);
        List<Device> devices = List.copyOf(devicesHere.keySet());
        if (users.isEmpty() && devices.isEmpty()) {
            return;
        }
        byte[] self = node.getBytes(StandardCharsets.UTF_8);
        byte[] now = String.valueOf(System.currentTimeMillis()).getBytes(StandardCharsets.UTF_8);
        redis.executePipelined((RedisCallback<Object>) connection -> {
            connection.stringCommands().set(heartbeatKey(node).getBytes(StandardCharsets.UTF_8), now,
                    Expiration.from(heartbeatKept()), RedisStringCommands.SetOption.upsert());
            for (UserId user : users) {
                byte[] nodes = nodesKey(user).getBytes(StandardCharsets.UTF_8);
                connection.stringCommands().set(onlineKey(user, node).getBytes(StandardCharsets.UTF_8), self,
                        Expiration.from(ttl), RedisStringCommands.SetOption.upsert());
                connection.setCommands().sAdd(nodes, self);
                connection.keyCommands().pExpire(nodes, ttl.multipliedBy(2).toMillis());
            }
            for (Device device : devices) {
                byte[] nodes = deviceNodesKey(device).getBytes(StandardCharsets.UTF_8);
                connection.stringCommands().set(deviceOnlineKey(device, node).getBytes(StandardCharsets.UTF_8), self,
                        Expiration.from(ttl), RedisStringCommands.SetOption.upsert());
                connection.setCommands().sAdd(nodes, self);
                connection.keyCommands().pExpire(nodes, ttl.multipliedBy(2).toMillis());
            }
            return null;
        });
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
        try {
            String message = json.writeValueAsString(change);
            attempt(() -> redis.convertAndSend(channel, message));
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
