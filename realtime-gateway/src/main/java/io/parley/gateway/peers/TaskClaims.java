package io.parley.gateway.peers;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;

import java.time.Duration;
import java.util.List;

import static io.parley.gateway.peers.RedisKeys.claimKey;

/**
 * Tasks one node only must do: each is claimed with a key holding the node's id ({@code parley:gateway:claim:<task>}),
 * set if absent or renewed by its holder, atomically.
 */
class TaskClaims {

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
    private final RedisReachability reachability;
    private final String node;

    TaskClaims(StringRedisTemplate redis, RedisReachability reachability, String node) {
        this.redis = redis;
        this.reachability = reachability;
        this.node = node;
    }

    /** See {@link GatewayPeers#claim}: true as well when Redis cannot be asked. */
    boolean claim(String task, Duration hold) {
        Long held = reachability.attemptToGet(() -> redis.execute(CLAIM, List.of(claimKey(task)), node,
                String.valueOf(hold.toMillis())));
        return held == null || held == 1;
    }

    void release(String task) {
        reachability.attempt(() -> redis.execute(RELEASE, List.of(claimKey(task)), node));
    }
}
