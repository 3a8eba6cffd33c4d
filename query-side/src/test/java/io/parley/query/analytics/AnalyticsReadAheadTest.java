package io.parley.query.analytics;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parley.api.account.UserId;
import io.parley.api.conversation.ConversationId;
import io.parley.api.conversation.DeliveredUpTo;
import io.parley.api.conversation.GroupCreated;
import io.parley.api.conversation.MessageId;
import io.parley.api.conversation.MessageSent;
import io.parley.api.conversation.ReadUpTo;
import io.parley.query.EventFeed;
import io.parley.query.projection.ProcessingGroups;
import io.parley.query.projection.Projectors;
import io.parley.query.projection.ReadAhead;
import io.parley.query.projection.ReadModels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The analytics processor reads what a batch of busy events needs in one query per collection. */
class AnalyticsReadAheadTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private final EventFeed feed = new EventFeed();
    private final DeliveryProjector projector = new DeliveryProjector(feed.mongo, new SimpleMeterRegistry());
    private final UserId alice = UserId.of("alice");
    private final UserId bob = UserId.of("bob");
    private final UserId carol = UserId.of("carol");
    private int clock;

    @AfterEach
    void stop() {
        feed.close();
    }

    @Test
    void aBatchOfSendsDeliveriesAndReadsInManyConversationsReadsEachCollectionOnce() {
        List<ConversationId> groups = List.of(ConversationId.of("g1"), ConversationId.of("g2"), ConversationId.of("g3"));
        for (ConversationId group : groups) {
            feed.add(new GroupCreated(group, "G", alice, List.of(alice, bob, carol), now()), now());
            send(group, 1, bob);
        }
        feed.deliverAll(projector, 100);
        int busyFrom = feed.size();
        for (ConversationId group : groups) {
            for (int seq = 2; seq <= 6; seq++) {
                send(group, seq, seq % 2 == 0 ? alice : bob);
                feed.add(new DeliveredUpTo(group, carol, seq, now()), now());
            }
            feed.add(new ReadUpTo(group, carol, 6, now()), now());
            feed.add(new ReadUpTo(group, alice, 5, now()), now());
        }
        Map<String, Integer> before = feed.readsByCollection();

        feed.deliver(projector, busyFrom, feed.size(), 250);

        Map<String, Integer> since = new HashMap<>();
        feed.readsByCollection().forEach((collection, count) -> {
            if (count > before.getOrDefault(collection, 0)) {
                since.put(collection, count - before.getOrDefault(collection, 0));
            }
        });
        assertThat(since).isEqualTo(Map.of(
                ReadModels.ANALYTICS_MESSAGES, 1,
                ReadModels.ANALYTICS_WATERMARKS, 1,
                ReadModels.ANALYTICS_DAYS, 1));
    }

    @Test
    void everyEventTypeTheProcessorHandlesIsDeclaredReadAheadOrAsItComes() {
        List<Class<?>> projectors = Projectors.of(ProcessingGroups.ANALYTICS);

        assertThat(projectors).containsExactly(DeliveryProjector.class);
        assertThat(DeliveryProjector.READ_AHEAD.undeclared(ReadAhead.handledBy(DeliveryProjector.class))).isEmpty();
    }

    private void send(ConversationId group, long seq, UserId sender) {
        Instant at = now();
        feed.add(new MessageSent(group, MessageId.at(group, seq), seq, sender, "c" + seq, "hi", null, at), at);
    }

    private Instant now() {
        return T0.plusSeconds(clock++);
    }
}
