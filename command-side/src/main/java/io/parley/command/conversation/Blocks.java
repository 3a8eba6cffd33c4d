package io.parley.command.conversation;

import io.parley.api.account.UserId;
import io.parley.api.conversation.ConversationId;
import io.parley.api.conversation.UserBlocked;
import io.parley.api.conversation.UserUnblocked;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.List;

/**
 * Who blocks whom, straight from the event store: a block is recorded on the pair's direct conversation, read from its
 * latest snapshot on (so a long chat costs no more than a short one). Asked by {@link LookupBeforeLoading} when a
 * group would take in new members.
 */
interface Blocks {

    /** Those of the candidates who block the user. */
    List<UserId> blockersOf(UserId user, Collection<UserId> candidates);

    @Component
    class FromEvents implements Blocks {

        private final EventStore eventStore;

        FromEvents(EventStore eventStore) {
            this.eventStore = eventStore;
        }

        @Override
        public List<UserId> blockersOf(UserId user, Collection<UserId> candidates) {
            return candidates.stream().distinct()
                    .filter(candidate -> !candidate.equals(user) && blocks(candidate, user))
                    .toList();
        }

        private boolean blocks(UserId blocker, UserId blocked) {
            DomainEventStream events = eventStore.readEvents(ConversationId.direct(blocker, blocked).value());
            boolean blocking = false;
            while (events.hasNext()) {
                DomainEventMessage<?> event = events.next();
                Class<?> type = event.getPayloadType();
                if (Conversation.class.equals(type)) {
                    blocking = ((Conversation) event.getPayload()).isBlockedBy(blocker);
                } else if (UserBlocked.class.equals(type)) {
                    blocking |= ((UserBlocked) event.getPayload()).blockedBy().equals(blocker);
                } else if (UserUnblocked.class.equals(type)) {
                    blocking &= !((UserUnblocked) event.getPayload()).unblockedBy().equals(blocker);
                }
            }
            return blocking;
        }
    }
}
