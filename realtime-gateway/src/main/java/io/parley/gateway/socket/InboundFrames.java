package io.parley.gateway.socket;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.TextMessage;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The frames one socket sent, handled one at a time in arrival order at the socket's rate: frames over the rate
 * wait their turn in a queue instead of being refused, so a device that flushes its outbox, or sends fast for a
 * while, is slowed down, never cut off. Only a socket that gets further ahead than the queue holds (in frames or in
 * characters) is refused: that is far beyond what a device does, and the queue's bound is what a socket may cost.
 */
final class InboundFrames {

    private static final Logger log = LoggerFactory.getLogger(InboundFrames.class);

    private final Bucket rate;
    private final int maxFrames;
    private final long maxChars;
    private final ScheduledExecutorService scheduler;
    private final Consumer<TextMessage> handler;
    private final ArrayDeque<TextMessage> queued = new ArrayDeque<>();
    private long queuedChars;
    /** A drain is scheduled or running: new frames queue behind it, so that none overtakes another. */
    private boolean draining;

    InboundFrames(int perSecond, int burst, int maxFrames, long maxChars, ScheduledExecutorService scheduler,
                  Consumer<TextMessage> handler) {
        this.rate = Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(burst).refillGreedy(perSecond, Duration.ofSeconds(1)).build())
                .build();
        this.maxFrames = maxFrames;
        this.maxChars = maxChars;
        this.scheduler = scheduler;
        this.handler = handler;
    }

    /** Handles the frame now or queues it; false (nothing queued) when the queue is full. */
    boolean offer(TextMessage frame) {
        boolean handleNow;
        boolean startDraining = false;
        synchronized (this) {
            handleNow = !draining && rate.tryConsume(1);
            if (!handleNow) {
                int chars = frame.getPayload().length();
                if (queued.size() >= maxFrames || queuedChars + chars > maxChars) {
                    return false;
                }
                queued.add(frame);
                queuedChars += chars;
                startDraining = !draining;
                draining = true;
            }
        }
        if (handleNow) {
            handler.accept(frame);
        } else if (startDraining) {
            drainLater();
        }
        return true;
    }

    /** The socket is gone: what it queued is dropped. */
    synchronized void discard() {
        queued.clear();
        queuedChars = 0;
    }

    private void drainLater() {
        long wait = rate.estimateAbilityToConsume(1).getNanosToWaitForRefill();
        try {
            scheduler.schedule(this::drain, wait, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            discard();
        }
    }

    private void drain() {
        while (true) {
            TextMessage next;
            synchronized (this) {
                if (queued.isEmpty()) {
                    draining = false;
                    return;
                }
                if (!rate.tryConsume(1)) {
                    break;
                }
                next = queued.poll();
                queuedChars -= next.getPayload().length();
            }
            try {
                handler.accept(next);
            } catch (RuntimeException failed) {
                // the handler answers every frame itself; nothing may end the drain of the others
                log.warn("A queued frame could not be handled: {}", failed.toString());
            }
        }
        drainLater();
    }
}
