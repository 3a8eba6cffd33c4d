package io.parley.query.conversation;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parley.api.account.UserId;
import io.parley.api.consistency.ConsistencyToken;
import io.parley.api.conversation.ConversationId;
import io.parley.api.conversation.GroupCreated;
import io.parley.api.conversation.MessageId;
import io.parley.api.conversation.MessageSent;
import io.parley.api.problem.RejectedException;
import io.parley.api.problem.Rejection;
import io.parley.query.EventFeed;
import io.parley.query.consistency.ReadYourWrites;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How far the conversations projection has got per conversation, and {@link ReadYourWrites} waiting on it: against
 * a real mongo-java-server, fed batches as a tracking processor would.
 */
class ReadYourWritesProgressTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private final UserId alice = UserId.of("alice-id");
    private final UserId bob = UserId.of("bob-id");
    private final UserId eve = UserId.of("eve-id");
    private final ConversationId group = ConversationId.of("group-1");

    private EventFeed feed;
    private ConversationProjector projector;
    private ReadYourWrites readYourWrites;

    @BeforeEach
    void start() {
        feed = new EventFeed();
        projector = new ConversationProjector(feed.mongo, new SimpleMeterRegistry());
        readYourWrites = new ReadYourWrites(feed.mongo, Duration.ofMillis(800), 10, 1);
        applied(0, new GroupCreated(group, "Weekend", alice, List.of(alice, bob), T0));
        for (long seq = 1; seq <= 3; seq++) {
            applied(seq, new MessageSent(group, MessageId.at(group, seq), seq, alice, "c-" + seq, "m" + seq, null, T0));
        }
        feed.addApplied("MediaAsset", group.value(), 99, new Object(), T0);
    }

    @AfterEach
    void stop() throws Exception {
        readYourWrites.destroy();
        feed.close();
    }

    @Test
    void aWaitingQueryAnswersOnceTheBatchWithItsEventIsWritten() throws Exception {
        feed.deliver(projector, 0, 2, 10);
        CompletableFuture<String> answer = readYourWrites.after(token(3), alice, () -> "answered");
        Thread.sleep(100);
        assertThat(answer).as("seq 3 is not projected yet").isNotDone();

        feed.deliver(projector, 2, feed.size(), 10);

        assertThat(answer.get(2, TimeUnit.SECONDS)).isEqualTo("answered");
        assertThat(readYourWrites.after(token(2), alice, () -> "at once")).isCompletedWithValue("at once");
    }

    @Test
    void aTokenNotReachedInTimeIsNotCaughtUp() {
        feed.deliverAll(projector, 10);
        long start = System.nanoTime();

        CompletableFuture<String> answer = readYourWrites.after(token(4), alice, () -> "never");

        assertThatThrownBy(() -> answer.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(RejectedException.class)
                .satisfies(failure -> assertThat(((RejectedException) failure.getCause()).rejection())
                        .isEqualTo(Rejection.NOT_CAUGHT_UP));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(750));
    }

    @Test
    void aTokenIsNeverReachedForSomeoneOutsideItsConversation() {
        feed.deliverAll(projector, 10);

        CompletableFuture<String> answer = readYourWrites.after(token(0), eve, () -> "leaked");

        assertThatThrownBy(() -> answer.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(RejectedException.class);
    }

    @Test
    void noTokenAnswersAtOnceAndAMalformedOneIsRejectedAtOnce() {
        assertThat(readYourWrites.after(null, alice, () -> "plain")).isCompletedWithValue("plain");
        assertThatThrownBy(() -> readYourWrites.after("garbage!", alice, () -> "never"))
                .isInstanceOfSatisfying(RejectedException.class,
                        rejected -> assertThat(rejected.rejection()).isEqualTo(Rejection.CONSISTENCY_TOKEN_INVALID));
    }

    @Test
    void tooManyWaitingIsNotCaughtUpAtOnce() {
        List<CompletableFuture<String>> waiting = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            waiting.add(readYourWrites.after(token(50), alice, () -> "later"));
        }
        assertThatThrownBy(() -> readYourWrites.after(token(50), alice, () -> "later"))
                .isInstanceOfSatisfying(RejectedException.class,
                        rejected -> assertThat(rejected.rejection()).isEqualTo(Rejection.NOT_CAUGHT_UP));
        assertThat(waiting).allSatisfy(future -> assertThat(future).isNotDone());
    }

    private String token(long sequence) {
        return new ConsistencyToken(group, sequence).encode();
    }

    private void applied(long sequence, Object event) {
        feed.addApplied(ConsistencyToken.AGGREGATE_TYPE, group.value(), sequence, event, T0);
    }
}
