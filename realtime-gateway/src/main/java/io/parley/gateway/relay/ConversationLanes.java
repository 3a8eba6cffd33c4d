package io.parley.gateway.relay;

import io.parley.platform.logs.RequestIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs the commands that sockets send into a conversation one at a time, in arrival order, on a pool of dispatch
 * threads: the next starts when the previous one has completed. The write model locks a conversation while a command into it commits, so a second command would only
 * wait for that lock, holding the thread that read its frame (and, under load, hundreds of threads contending
 * for a few locks). Queued here it waits without a thread, and sockets' next frames are read meanwhile.
 */
final class ConversationLanes implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConversationLanes.class);

    /** By conversation: the command running now (the head) and those waiting behind it. */
    private final Map<String, ArrayDeque<Supplier<CompletableFuture<?>>>> lanes = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor dispatchers;

    ConversationLanes(int threads) {
        AtomicInteger counter = new AtomicInteger();
        this.dispatchers = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                task -> {
                    Thread thread = new Thread(task, "parley-dispatch-" + counter.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        this.dispatchers.allowCoreThreadTimeOut(true);
    }

    /** {@code command} dispatches, and answers what completes when it has. */
    void submit(String conversationId, Supplier<CompletableFuture<?>> command) {
        boolean[] idle = {false};
        lanes.compute(conversationId, (id, lane) -> {
            if (lane == null) {
                lane = new ArrayDeque<>();
                idle[0] = true;
            }
            lane.add(RequestIds.carried(command));
            return lane;
        });
        if (idle[0]) {
            dispatchers.execute(() -> drain(conversationId, head(conversationId, false)));
        }
    }

    private void drain(String conversationId, Supplier<CompletableFuture<?>> command) {
        while (command != null) {
            CompletableFuture<?> done;
            try {
                done = command.get();
            } catch (RuntimeException | Error failure) {
                log.error("A command dispatch into conversation {} failed", conversationId, failure);
                done = CompletableFuture.completedFuture(null);
            }
            if (!done.isDone()) {
                // dispatched elsewhere (a distributed command bus): go on when it is done
                done.whenComplete((result, failure) ->
                        dispatchers.execute(() -> drain(conversationId, head(conversationId, true))));
                return;
            }
            command = head(conversationId, true);
        }
    }

    /** The lane's head, after removing the finished one if {@code advance}; the lane goes when it is empty. */
    private Supplier<CompletableFuture<?>> head(String conversationId, boolean advance) {
        List<Supplier<CompletableFuture<?>>> head = new ArrayList<>(1);
        lanes.computeIfPresent(conversationId, (id, lane) -> {
            if (advance) {
                lane.poll();
            }
            if (!lane.isEmpty()) {
                head.add(lane.peek());
            }
            return lane.isEmpty() ? null : lane;
        });
        return head.isEmpty() ? null : head.get(0);
    }

    @Override
    public void close() {
        dispatchers.shutdown();
    }
}
