package io.parley.query.analytics;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parley.api.account.UserId;
import io.parley.api.conversation.ConversationId;
import io.parley.api.conversation.DeliveredUpTo;
import io.parley.api.conversation.GroupCreated;
import io.parley.api.conversation.MembersAdded;
import io.parley.api.conversation.MessageId;
import io.parley.api.conversation.MessageSent;
import io.parley.api.conversation.ReadUpTo;
import io.parley.api.query.DeliveryAnalytics;
import io.parley.api.query.GetDeliveryAnalytics;
import io.parley.query.EventFeed;
import io.parley.query.projection.ReadModels;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Delivery analytics from event times; the same figures however the events are batched, re-delivered or replayed. */
class DeliveryProjectorTest {

    private static final Instant DAY1 = Instant.parse("2026-03-01T23:00:00Z");

    private final EventFeed feed = new EventFeed();
    private final DeliveryProjector projector = new DeliveryProjector(feed.mongo, new SimpleMeterRegistry());
    private final DeliveryQueries queries = new DeliveryQueries(feed.mongo);
    private final ConversationId group = ConversationId.of("g");
    private final UserId alice = UserId.of("alice");
    private final UserId bob = UserId.of("bob");
    private final UserId carol = UserId.of("carol");

    @AfterEach
    void stop() {
        feed.close();
    }

    @Test
    void latenciesPerRecipientFromEventTimesByTheDayOfSending() {
        history();
        feed.deliverAll(projector, 4);

        DeliveryAnalytics analytics = queries.handle(new GetDeliveryAnalytics(LocalDate.parse("2026-03-01"),
                LocalDate.parse("2026-03-03")));
        DeliveryAnalytics.Day first = analytics.days().get(0);
        assertThat(first.messagesSent()).isEqualTo(100);
        assertThat(first.sentToDelivered().samples()).as("100 messages to bob; carol joined later").isEqualTo(100);
        assertThat(first.sentToDelivered().p50Millis()).isEqualTo(2000);
        assertThat(first.sentToDelivered().p99Millis()).isEqualTo(2000);
        assertThat(first.sentToRead().samples()).isEqualTo(100);
        assertThat(first.sentToRead().p50Millis()).as("the 50th of 10 s … 109 s").isEqualTo(59_000);
        assertThat(first.sentToRead().p99Millis()).as("108 s, in its two-digit bucket").isEqualTo(100_000);
        DeliveryAnalytics.Day second = analytics.days().get(1);
        assertThat(second.messagesSent()).isEqualTo(1);
        assertThat(second.sentToDelivered().samples()).as("bob and carol").isEqualTo(2);
        assertThat(second.sentToDelivered().p50Millis()).isEqualTo(1000);
        assertThat(analytics.days().get(2).messagesSent()).isZero();
        assertThat(analytics.days().get(2).sentToRead().p50Millis()).isNull();
    }

    @Test
    void redeliveryAndReplayGiveTheSameFigures() {
        history();
        feed.deliverAll(projector, 3);
        Map<String, List<String>> live = feed.dump(ReadModels.OF_ANALYTICS);

        feed.deliverAll(projector, 7);
        feed.deliver(projector, feed.size() / 2, feed.size(), 5);
        assertThat(feed.dump(ReadModels.OF_ANALYTICS)).isEqualTo(live);

        projector.reset();
        feed.deliverAll(projector, 500);
        assertThat(feed.dump(ReadModels.OF_ANALYTICS)).isEqualTo(live);
    }

    @Test
    void messagesAreKeptInBlocksOfSeqsWithTheirSendersListedOncePerBlock() {
        history();
        feed.deliverAll(projector, 4);

        List<Document> blocks = feed.mongo.getDb().getCollection(ReadModels.ANALYTICS_MESSAGES).find()
                .into(new ArrayList<>());
        assertThat(blocks).extracting(block -> block.get("_id")).containsExactlyInAnyOrder("g:0", "g:1");
        Document second = blocks.stream().filter(block -> block.get("_id").equals("g:1")).findFirst()
                .orElseThrow();
        assertThat(second.getList("senders", String.class)).containsExactly("alice");
        assertThat(second.get("sentAt", Document.class)).hasSize(101 - 64 + 1).containsKeys("64", "101");
        assertThat(second.get("sentAt", Document.class).get("101"))
                .isEqualTo(Instant.parse("2026-03-02T08:00:01Z").toEpochMilli());
    }

    /**
     * Day 1: alice sends 100 messages a second apart from 23:00; bob's devices acknowledge each 2 s after it was
     * sent; bob reads them all at once 10 s after the last. Day 2: carol joins, alice sends one more, both
     * acknowledge it 1 s later.
     */
    private void history() {
        feed.add(new GroupCreated(group, "G", alice, List.of(alice, bob), DAY1.minusSeconds(10)), DAY1.minusSeconds(10));
        for (int i = 1; i <= 100; i++) {
            Instant sent = DAY1.plusSeconds(i);
            feed.add(new MessageSent(group, MessageId.at(group, i), i, alice, "c" + i, "hi", null, sent), sent);
            feed.add(new DeliveredUpTo(group, bob, i, sent.plusSeconds(2)), sent.plusSeconds(2));
        }
        Instant read = DAY1.plusSeconds(110);
        feed.add(new ReadUpTo(group, bob, 100, read), read);
        Instant day2 = Instant.parse("2026-03-02T08:00:00Z");
        feed.add(new MembersAdded(group, alice, List.of(carol), day2), day2);
        feed.add(new MessageSent(group, MessageId.at(group, 101), 101, alice, "c101", "morning", null, day2.plusSeconds(1)),
                day2.plusSeconds(1));
        Instant later = day2.plus(Duration.ofSeconds(2));
        feed.add(new DeliveredUpTo(group, bob, 101, later), later);
        feed.add(new ReadUpTo(group, carol, 101, later), later);
    }
}
