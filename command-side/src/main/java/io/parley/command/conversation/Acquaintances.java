package io.parley.command.conversation;

import io.parley.api.account.UserId;
import io.parley.api.conversation.ConversationId;
import io.parley.api.conversation.DirectConversationStarted;
import io.parley.api.conversation.MessageRequestAccepted;
import io.parley.api.conversation.MessageRequestOpened;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.List;

/**
 * Who talked with whom, by the rule of message requests: two users talked once their direct chat exists and is no
 * request awaiting the other's answer ({@link Conversation#awaitsAnswerFrom}) — the other started it, or accepted it,
 * or wrote in it. Sharing a group is no talk (as with a direct chat, which is a request whatever groups the two
 * share). Read from the pair's direct conversation in the event store, from its latest snapshot on, as
 * {@link Blocks} does; asked by {@link LookupBeforeLoading} when a group would take in new members.
 */
interface Acquaintances {

    /** Those of the candidates who never talked with the user. */
    List<UserId> strangersTo(UserId user, Collection<UserId> candidates);

    @Component
    class FromEvents implements Acquaintances {

        private final EventStore eventStore;

        FromEvents(EventStore eventStore) {
            this.eventStore = eventStore;
        }

        @Override
        public List<UserId> strangersTo(UserId user, Collection<UserId> candidates) {
            return candidates.stream().distinct()
                    .filter(candidate -> !candidate.equals(user) && !talkedWith(candidate, user))
                    .toList();
        }

        /** Whether the candidate's direct chat with the user exists and awaits no answer from the candidate. */
        private boolean talkedWith(UserId candidate, UserId user) {
            DomainEventStream events = eventStore.readEvents(ConversationId.direct(candidate, user).value());
            boolean started = false;
            boolean awaitsAnswer = false;
            while (events.hasNext()) {
                DomainEventMessage<?> event = events.next();
                Class<?> type = event.getPayloadType();
                if (Conversation.class.equals(type)) {
                    Conversation snapshot = (Conversation) event.getPayload();
                    started = snapshot.isDirectChat();
                    awaitsAnswer = snapshot.awaitsAnswerFrom(candidate);
                } else if (DirectConversationStarted.class.equals(type)) {
                    started = true;
                } else if (MessageRequestOpened.class.equals(type)) {
                    awaitsAnswer = ((MessageRequestOpened) event.getPayload()).userId().equals(candidate);
                } else if (MessageRequestAccepted.class.equals(type)) {
                    awaitsAnswer = false;
                }
            }
            return started && !awaitsAnswer;
        }
    }
}
