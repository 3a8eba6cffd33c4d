package io.parley.query.consistency;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import io.parley.api.account.UserId;
import io.parley.api.consistency.ConsistencyToken;
import io.parley.api.problem.Rejection;
import io.parley.query.projection.ConversationProgress;
import io.parley.query.projection.ReadModels;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs a query once the read model has taken the events a {@link ConsistencyToken} names: at once when it has,
 * else off the request thread, looking again every few milliseconds on a small scheduler (the read model may be
 * written by a processor on another node: there is nothing local to wait on), for at most {@code max-wait}, then
 * {@link Rejection#NOT_CAUGHT_UP} (503 with Retry-After).
 *
 * <p>A token counts as reached only for a member of its conversation: for anyone else it never is, so that a token
 * made up for somebody else's conversation tells nothing about it (every such wait ends alike, after the bound).
 */
@Component
public class ReadYourWrites implements DisposableBean {

    /** What the {@link ConsistencyToken#HEADER} request header of a query means, for the OpenAPI document. */
    public static final String TOKEN_DESCRIPTION = "A Parley-Consistency token from a command's answer: the answer "
            + "waits (at most parley.query.consistency.max-wait, 2 s by default) until it includes what that command "
            + "stored; 503 not-caught-up with Retry-After when it does not in time, 400 consistency-token-invalid for a "
            + "malformed token";

    private static final long FIRST_LOOK_MILLIS = 5;
    private static final long LOOK_EVERY_MILLIS = 40;

    private final MongoTemplate mongo;
    private final MongoDatabase db;
    private final long maxWaitNanos;
    private final int maxWaiting;
    private final AtomicInteger waiting = new AtomicInteger();
    private final ScheduledExecutorService scheduler;

    public ReadYourWrites(MongoTemplate mongo,
                   @Value("${parley.query.consistency.max-wait:2s}") Duration maxWait,
                   @Value("${parley.query.consistency.max-waiting:1000}") int maxWaiting,
                   @Value("${parley.query.consistency.threads:2}") int threads) {
        if (maxWait.isNegative() || maxWait.isZero() || maxWait.compareTo(Duration.ofSeconds(10)) > 0) {
            throw new IllegalArgumentException("parley.query.consistency.max-wait must be above 0 and at most 10s");
        }
        this.mongo = mongo;
        this.db = mongo.getDb();
        this.maxWaitNanos = maxWait.toNanos();
        this.maxWaiting = maxWaiting;
        this.scheduler = Executors.newScheduledThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "parley-read-your-writes");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * {@code query}'s answer: at once without a token ({@code token} null), else once the read model has reached
     * it. A token that is not one ({@link ConsistencyToken#decode}) is a 400, thrown at once.
     */
    public <T> CompletableFuture<T> after(String token, UserId caller, Supplier<T> query) {
        if (token == null) {
            return CompletableFuture.completedFuture(query.get());
        }
        ConsistencyToken awaited = ConsistencyToken.decode(token);
        if (reached(awaited, caller)) {
            return CompletableFuture.completedFuture(query.get());
        }
        if (waiting.incrementAndGet() > maxWaiting) {
            waiting.decrementAndGet();
            throw notCaughtUp();
        }
        CompletableFuture<T> answer = new CompletableFuture<>();
        answer.whenComplete((ignored, failure) -> waiting.decrementAndGet());
        look(awaited, caller, query, answer, System.nanoTime() + maxWaitNanos, FIRST_LOOK_MILLIS);
        return answer;
    }

    private <T> void look(ConsistencyToken awaited, UserId caller, Supplier<T> query, CompletableFuture<T> answer,
                          long deadline, long delayMillis) {
        long left = deadline - System.nanoTime();
        long delay = Math.min(TimeUnit.MILLISECONDS.toNanos(delayMillis), Math.max(left, 0));
        scheduler.schedule(() -> {
            try {
                if (reached(awaited, caller)) {
                    answer.complete(query.get());
                } else if (System.nanoTime() - deadline >= 0) {
                    answer.completeExceptionally(notCaughtUp());
                } else {
                    look(awaited, caller, query, answer, deadline, Math.min(delayMillis * 2, LOOK_EVERY_MILLIS));
                }
            } catch (RuntimeException failure) {
                answer.completeExceptionally(failure);
            }
        }, delay, TimeUnit.NANOSECONDS);
    }

    /** Whether the read model has the token's events, and the caller is a member of its conversation. */
    boolean reached(ConsistencyToken awaited, UserId caller) {
        String conversation = awaited.conversationId().value();
        ConversationProgress progress = mongo.findById(conversation, ConversationProgress.class,
                ReadModels.CONVERSATION_PROGRESS);
        if (progress == null || progress.eventSequence() < awaited.eventSequence()) {
            return false;
        }
        return db.getCollection(ReadModels.CONVERSATIONS)
                .find(Filters.and(Filters.eq("_id", conversation), Filters.eq("members", caller.value())))
                .projection(Projections.include("_id")).first() != null;
    }

    private static RuntimeException notCaughtUp() {
        return Rejection.NOT_CAUGHT_UP.exception("The read model has not caught up with your " + ConsistencyToken.HEADER
                + " token yet; try again shortly");
    }

    @Override
    public void destroy() {
        scheduler.shutdownNow();
    }
}
