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
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import static io.parley.gateway.peers.RedisKeys.PRESENCE;
import static io.parley.gateway.peers.RedisKeys.TYPING;
import static io.parley.gateway.peers.RedisKeys.bytes;
import static io.parley.gateway.peers.RedisKeys.deviceNodesKey;
import static io.parley.gateway.peers.RedisKeys.deviceOnlineKey;
import static io.parley.gateway.peers.RedisKeys.heartbeatKey;
import static io.parley.gateway.peers.RedisKeys.nodesKey;
import static io.parley.gateway.peers.RedisKeys.onlineKey;
import static io.parley.gateway.peers.RedisKeys.usersKey;

/**
 * Gateway nodes sharing a Redis ({@code parley.gateway.shared-state=redis}): typing and presence changes go through
 * pub/sub channels; each node keeps a key per user it holds ({@code parley:gateway:online:<user>:<node>}) that
 * expires after {@code parley.gateway.presence-ttl} unless the node renews it, so a node that dies takes its users
 * offline within that time: the nodes that told their users someone was online check again at every renewal
 * ({@link NodeLiveness}, which also keeps this node's heartbeat and sweeps the dead nodes).
 * Devices are kept the same way ({@code parley:gateway:device-online:<user>:<device>:<node>} and the set of their
 * nodes), for push: a device with a socket on any node is not pushed. A task one node only must do is claimed
 * ({@link TaskClaims}). With Redis unreachable, every node still serves its own users ({@link RedisReachability}).
 * {@link RedisKeys} lists every key.
 */
class RedisPeers implements GatewayPeers, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RedisPeers.class);

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
    private final RedisReachability reachability = new RedisReachability();
    private final NodeLiveness liveness;
    private final TaskClaims claims;
    private final RedisMessageListenerContainer listeners;
    /** Whether the channels were ever subscribed: from then on the container resubscribes by itself after an outage. */
    private volatile boolean subscribed;
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
        this.liveness = new NodeLiveness(redis, reachability, this.node, ttl, here,
                change -> deliver(presenceHandlers, change),
                (user, lastSeen) -> lostHandlers.forEach(handler -> handler.accept(user, lastSeen)),
                user -> asJson(new PresenceChange(this.node, new ServerFrame.Presence(user.value(), true, null))));
        this.claims = new TaskClaims(redis, reachability, this.node);
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
            if (reachability.attempt(() -> record(user))) {
                publish(PRESENCE, new PresenceChange(node, new ServerFrame.Presence(user.value(), true, null)));
            }
        });
    }

    @Override
    public boolean wentOffline(UserId user, Instant lastSeen) {
        here.remove(user);
        reachability.attempt(() -> {
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
        return liveness.onlineElsewhere(user);
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
            publisher.execute(() -> reachability.attempt(() -> record(device)));
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
            publisher.execute(() -> reachability.attempt(() -> forget(device)));
            return null;
        });
    }

    @Override
    public boolean deviceOnlineElsewhere(UserId user, String deviceId) {
        Device device = new Device(user, deviceId);
        return Boolean.TRUE.equals(reachability.attemptToGet(() -> {
            Set<String> nodes = redis.opsForSet().members(deviceNodesKey(device));
            List<String> live = nodes == null ? List.of() : nodes.stream()
                    .filter(other -> !other.equals(node)).map(other -> deviceOnlineKey(device, other)).toList();
            Long count = live.isEmpty() ? Long.valueOf(0) : redis.countExistingKeys(live);
            return count != null && count > 0;
        }));
    }

    @Override
    public boolean claim(String task, Duration hold) {
        return claims.claim(task, hold);
    }

    @Override
    public void release(String task) {
        claims.release(task);
    }

    private void record(UserId user) {
        redis.opsForValue().set(heartbeatKey(node), String.valueOf(System.currentTimeMillis()), liveness.heartbeatKept());
        redis.opsForValue().set(onlineKey(user, node), node, ttl);
        redis.opsForSet().add(nodesKey(user), node);
        redis.expire(nodesKey(user), ttl.multipliedBy(2));
        redis.opsForSet().add(usersKey(node), user.value());
        redis.expire(usersKey(node), liveness.heartbeatKept());
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
            reachability.reachable();
        } catch (RuntimeException failure) {
            listeners.stop();
            reachability.failed(failure);
        }
    }

    private void renewAndCheck() {
        if (!subscribed) {
            subscribe();
        }
        Map<String, Instant> silent = reachability.attemptToGet(this::renew);
        if (silent == null) {
            liveness.cutOff();
            return;
        }
        liveness.renewed(silent);
    }

    /**
     * Every user and device this node holds, in the pipeline of its heartbeat: answers the other nodes silent longer
     * than the TTL, with their last heartbeat.
     */
    private Map<String, Instant> renew() {
        List<UserId> users = List.copyOf(here);
        List<Device> devices = List.copyOf(devicesHere.keySet());
        byte[] self = bytes(node);
        return liveness.heartbeat(connection -> {
            byte[] usersHere = bytes(usersKey(node));
            for (UserId user : users) {
                byte[] nodes = bytes(nodesKey(user));
                connection.stringCommands().set(bytes(onlineKey(user, node)), self,
                        Expiration.from(ttl), RedisStringCommands.SetOption.upsert());
                connection.setCommands().sAdd(nodes, self);
                connection.keyCommands().pExpire(nodes, ttl.multipliedBy(2).toMillis());
                connection.setCommands().sAdd(usersHere, bytes(user.value()));
            }
            connection.keyCommands().pExpire(usersHere, liveness.heartbeatKept().toMillis());
            for (Device device : devices) {
                byte[] nodes = bytes(deviceNodesKey(device));
                connection.stringCommands().set(bytes(deviceOnlineKey(device, node)), self,
                        Expiration.from(ttl), RedisStringCommands.SetOption.upsert());
                connection.setCommands().sAdd(nodes, self);
                connection.keyCommands().pExpire(nodes, ttl.multipliedBy(2).toMillis());
            }
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
                boolean news = liveness.heard(presence.change());
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
        reachability.attempt(() -> redis.convertAndSend(channel, message));
    }

    private String asJson(Object change) {
        try {
            return json.writeValueAsString(change);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** A graceful stop: this node's users are offline here at once, not after the TTL. */
    @Override
    public void destroy() throws Exception {
        renewals.shutdownNow();
        for (UserId user : Set.copyOf(here)) {
            wentOffline(user, Instant.now());
        }
        for (Device device : Set.copyOf(devicesHere.keySet())) {
            reachability.attempt(() -> forget(device));
        }
        liveness.leave();
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
