package io.parley.gateway.relay;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The lanes commands from sockets queue in: one at a time per conversation, conversations side by side. */
class ConversationLanesTest {

    private final ConversationLanes lanes = new ConversationLanes(4);

    @AfterEach
    void close() {
        lanes.close();
    }

    @Test
    void runsOneConversationsCommandsOneAtATimeInArrivalOrder() throws InterruptedException {
        List<Integer> ran = new CopyOnWriteArrayList<>();
        List<Integer> overlapping = new CopyOnWriteArrayList<>();
        int[] running = {0};
        CountDownLatch done = new CountDownLatch(200);

        IntStream.range(0, 200).forEach(i -> lanes.submit("c", () -> {
            synchronized (running) {
                if (++running[0] > 1) {
                    overlapping.add(i);
                }
            }
            ran.add(i);
            synchronized (running) {
                running[0]--;
            }
            done.countDown();
            return CompletableFuture.completedFuture(null);
        }));

        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).containsExactlyElementsOf(IntStream.range(0, 200).boxed().toList());
        assertThat(overlapping).isEmpty();
    }

    @Test
    void theNextCommandWaitsUntilThePreviousOneHasCompleted() throws InterruptedException {
        CompletableFuture<Object> first = new CompletableFuture<>();
        CountDownLatch secondStarted = new CountDownLatch(1);
        lanes.submit("c", () -> first);
        lanes.submit("c", () -> {
            secondStarted.countDown();
            return CompletableFuture.completedFuture(null);
        });

        assertThat(secondStarted.await(300, TimeUnit.MILLISECONDS)).as("started before the first completed").isFalse();
        first.complete(null);
        assertThat(secondStarted.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void differentConversationsRunSideBySide() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch otherRan = new CountDownLatch(1);
        lanes.submit("busy", () -> {
            await(release);
            return CompletableFuture.completedFuture(null);
        });

        lanes.submit("other", () -> {
            otherRan.countDown();
            return CompletableFuture.completedFuture(null);
        });

        assertThat(otherRan.await(5, TimeUnit.SECONDS)).as("ran while 'busy' still held its thread").isTrue();
        release.countDown();
    }

    @Test
    void aFailingCommandDoesNotBlockItsLane() throws InterruptedException {
        CountDownLatch ranAfterThrow = new CountDownLatch(1);
        CountDownLatch ranAfterFailedFuture = new CountDownLatch(1);
        CompletableFuture<Object> failsLater = new CompletableFuture<>();

        lanes.submit("c", () -> {
            throw new IllegalStateException("thrown while dispatching");
        });
        lanes.submit("c", () -> {
            ranAfterThrow.countDown();
            return failsLater;
        });
        lanes.submit("c", () -> {
            ranAfterFailedFuture.countDown();
            return CompletableFuture.completedFuture(null);
        });

        assertThat(ranAfterThrow.await(5, TimeUnit.SECONDS)).isTrue();
        failsLater.completeExceptionally(new IllegalStateException("failed where it was dispatched"));
        assertThat(ranAfterFailedFuture.await(5, TimeUnit.SECONDS)).isTrue();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
