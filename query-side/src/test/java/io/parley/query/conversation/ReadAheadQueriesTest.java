package io.parley.query.conversation;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parley.api.account.AccountRegistered;
import io.parley.api.account.UserId;
import io.parley.api.account.Username;
import io.parley.api.conversation.ConversationId;
import io.parley.api.conversation.DeliveredUpTo;
import io.parley.api.conversation.GroupCreated;
import io.parley.api.conversation.MessageDeleted;
import io.parley.api.conversation.MessageEdited;
import io.parley.api.conversation.MessageId;
import io.parley.api.conversation.MessageSent;
import io.parley.api.conversation.ReactionRemoved;
import io.parley.api.conversation.ReactionSet;
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

/**
 * The conversations processor reads what a batch of busy events needs in one query per collection, however many events
 * and conversations the batch has (the load benchmark's throughput rests on it): counted on a real mongo-java-server.
 */
class ReadAheadQueriesTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private final EventFeed feed = new EventFeed();
    private final ConversationProjector projector = new ConversationProjector(feed.mongo, new SimpleMeterRegistry());
    private final UserId alice = UserId.of("alice");
    private final UserId bob = UserId.of("bob");
    private final UserId carol = UserId.of("carol");
    private final Map<ConversationId, Long> lastSeq = new HashMap<>();
    private long change;
    private int clock;

    @AfterEach
    void stop() {
        feed.close();
    }

    @Test
    void aBatchOfEveryBusyEventTypeReadsEachCollectionOnce() {
        List<ConversationId> groups = List.of(ConversationId.of("g1"), ConversationId.of("g2"), ConversationId.of("g3"));
        for (UserId user : List.of(alice, bob, carol)) {
            feed.add(new AccountRegistered(user, Username.of(user.value()), user.value(), "$2a$secret", now()), now());
        }
        for (ConversationId group : groups) {
            feed.add(new GroupCreated(group, group.value(), alice, List.of(alice, bob, carol), now()), now());
            send(group, bob, List.of());
            send(group, carol, List.of());
        }
        feed.deliverAll(projector, 100);
        int busyFrom = feed.size();
        for (ConversationId group : groups) {
            send(group, alice, List.of(bob));
            send(group, bob, List.of(alice, carol));
            send(group, alice, null);
            feed.add(new DeliveredUpTo(group, carol, lastSeq.get(group), now()), now());
            feed.add(new ReadUpTo(group, carol, lastSeq.get(group), now()), now());
            feed.add(new ReadUpTo(group, alice, lastSeq.get(group), now()), now());
            feed.add(new ReactionSet(group, 1, alice, "👍", null, ++change, now()), now());
            feed.add(new ReactionSet(group, 2, bob, "🎉", null, ++change, now()), now());
            feed.add(new ReactionRemoved(group, 2, bob, "🎉", ++change, now()), now());
            feed.add(new MessageEdited(group, 3, alice, "edited", ++change, now()), now());
            feed.add(new MessageDeleted(group, 1, bob, ++change, now()), now());
        }
        Map<String, Integer> before = feed.readsByCollection();

        feed.deliver(projector, busyFrom, feed.size(), 250);

        assertThat(readsSince(before)).isEqualTo(Map.of(
                ReadModels.CONVERSATIONS, 1,
                ReadModels.MEMBERS, 1,
                ReadModels.OWN_SEQS, 1,
                ReadModels.REACTIONS, 1,
                ReadModels.SYNC_HEADS, 1));
    }

    @Test
    void everyEventTypeTheProcessorHandlesIsDeclaredReadAheadOrAsItComes() {
        List<Class<?>> projectors = Projectors.of(ProcessingGroups.CONVERSATIONS);

        assertThat(projectors).contains(ConversationProjector.class, GroupProjector.class);
        for (Class<?> projector : projectors) {
            assertThat(ConversationProjector.READ_AHEAD.undeclared(ReadAhead.handledBy(projector)))
                    .as(projector.getSimpleName()).isEmpty();
        }
    }

    private Map<String, Integer> readsSince(Map<String, Integer> before) {
        Map<String, Integer> since = new HashMap<>();
        feed.readsByCollection().forEach((collection, count) -> {
            int more = count - before.getOrDefault(collection, 0);
            if (more > 0) {
                since.put(collection, more);
            }
        });
        return since;
    }

    private void send(ConversationId group, UserId sender, List<UserId> mentions) {
        long seq = lastSeq.merge(group, 1L, Long::sum);
        feed.add(new MessageSent(group, MessageId.at(group, seq), seq, sender, "c-" + seq, "text " + seq, null, now(),
                null, mentions), now());
    }

    private Instant now() {
        return T0.plusSeconds(clock++);
    }
}
