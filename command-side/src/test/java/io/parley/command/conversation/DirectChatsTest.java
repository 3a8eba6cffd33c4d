package io.parley.command.conversation;

import io.parley.api.account.UserId;
import io.parley.api.conversation.ConversationId;
import io.parley.api.conversation.DirectConversationStarted;
import io.parley.api.conversation.MessageRequestAccepted;
import io.parley.api.conversation.MessageRequestOpened;
import io.parley.api.conversation.UserBlocked;
import io.parley.api.conversation.UserUnblocked;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.parley.command.conversation.ConversationFixture.ALICE;
import static io.parley.command.conversation.ConversationFixture.BOB;
import static io.parley.command.conversation.ConversationFixture.CAROL;
import static io.parley.command.conversation.ConversationFixture.DAVE;
import static io.parley.command.conversation.ConversationFixture.EARLIER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link DirectChats.FromEvents} on an in-memory event store: one read of each pair's direct conversation says both
 * whether the candidate blocks the user and whether the two talked (by the rule of message requests), from the latest
 * snapshot on.
 */
class DirectChatsTest {

    private final EmbeddedEventStore eventStore = EmbeddedEventStore.builder()
            .storageEngine(new InMemoryEventStorageEngine()).build();
    private final DirectChats directChats = new DirectChats.FromEvents(eventStore);
    private final Map<ConversationId, Long> sequences = new HashMap<>();

    @AfterEach
    void shutDown() {
        eventStore.shutDown();
    }

    @Test
    void saysWhoBlocksTheUserAndWhoNeverTalkedWithThemEachCandidateOnceAndTheUserLeftOut() {
        aliceAsksBobWhoBlocksHer();
        ConversationId withCarol = ConversationId.direct(CAROL, ALICE);
        store(withCarol, new DirectConversationStarted(withCarol, CAROL, List.of(CAROL, ALICE), EARLIER, false));
        store(withCarol, new UserBlocked(withCarol, ALICE, CAROL, EARLIER));

        DirectChats.Standing standing = directChats.standingWith(ALICE, List.of(BOB, CAROL, DAVE, ALICE, BOB));

        assertThat(standing.blockers()).as("Alice's block of Carol is not Carol's").containsExactly(BOB);
        assertThat(standing.strangers()).as("Bob never answered Alice's request; Dave and Alice have no chat")
                .containsExactly(BOB, DAVE);
    }

    @Test
    void anAcceptedRequestIsTalkAndAnUnblockEndsTheBlock() {
        ConversationId withBob = aliceAsksBobWhoBlocksHer();
        store(withBob, new UserUnblocked(withBob, BOB, ALICE, EARLIER));
        store(withBob, new MessageRequestAccepted(withBob, BOB, ALICE, EARLIER));

        assertThat(directChats.standingWith(ALICE, List.of(BOB))).isEqualTo(DirectChats.Standing.NONE);
    }

    /** The events before the snapshot are not read again: here they would say that Bob blocks nobody. */
    @Test
    void readsFromTheLatestSnapshotOn() {
        ConversationId withBob = ConversationId.direct(ALICE, BOB);
        DirectConversationStarted started =
                new DirectConversationStarted(withBob, BOB, List.of(ALICE, BOB), EARLIER, false);
        store(withBob, started);
        store(withBob, new UserUnblocked(withBob, BOB, ALICE, EARLIER));
        Conversation snapshot = new Conversation();
        snapshot.on(started);
        snapshot.on(new UserBlocked(withBob, BOB, ALICE, EARLIER));
        eventStore.storeSnapshot(new GenericDomainEventMessage<>("Conversation", withBob.value(), 1, snapshot));

        DirectChats.Standing standing = directChats.standingWith(ALICE, List.of(BOB));

        assertThat(standing.blockers()).containsExactly(BOB);
        assertThat(standing.strangers()).as("Bob started it").isEmpty();
    }

    /** Alice's message request to Bob, which Bob has not answered, and Bob's block of Alice. */
    private ConversationId aliceAsksBobWhoBlocksHer() {
        ConversationId withBob = ConversationId.direct(ALICE, BOB);
        store(withBob, new DirectConversationStarted(withBob, ALICE, List.of(ALICE, BOB), EARLIER, true));
        store(withBob, new MessageRequestOpened(withBob, BOB, ALICE, EARLIER));
        store(withBob, new UserBlocked(withBob, BOB, ALICE, EARLIER));
        return withBob;
    }

    private void store(ConversationId conversation, Object event) {
        long sequence = sequences.merge(conversation, 0L, (last, ignored) -> last + 1);
        eventStore.publish(new GenericDomainEventMessage<>("Conversation", conversation.value(), sequence, event));
    }
}
