package io.parley.gateway.peers;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Runs the commands of a node that must keep serving its own users with Redis unreachable: a failure is logged once
 * (not per frame) and again once Redis answers.
 */
class RedisReachability {

    // RedisPeers' logger, as before this class was split out of it: deployers' log settings name it
    private static final Logger log = LoggerFactory.getLogger(RedisPeers.class);

    private final AtomicBoolean unreachable = new AtomicBoolean();

    /** The answer, or null when Redis cannot give it. */
    <T> T attemptToGet(Supplier<T> query) {
        try {
            T answer = query.get();
            reachable();
            return answer;
        } catch (RuntimeException failure) {
            failed(failure);
            return null;
        }
    }

    /** Whether the command reached Redis. */
    boolean attempt(Runnable command) {
        return attemptToGet(() -> {
            command.run();
            return Boolean.TRUE;
        }) != null;
    }

    void failed(RuntimeException failure) {
        if (unreachable.compareAndSet(false, true)) {
            log.error("Redis unreachable: typing and presence reach the users of this gateway node only, and each node"
                    + " decides on pushes alone, until it is back ({})", failure.toString());
        }
    }

    void reachable() {
        if (unreachable.compareAndSet(true, false)) {
            log.info("Redis reachable again: typing and presence reach the other gateway nodes");
        }
    }
}
