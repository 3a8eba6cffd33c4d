package io.parley.command.conversation;

import io.parley.api.account.UserId;
import io.parley.api.conversation.ConversationId;
import io.parley.api.conversation.DirectConversationStarted;
import io.parley.api.conversation.MessageRequestAccepted;
import io.parley.api.conversation.MessageRequestOpened;
import io.parley.api.conversation.UserBlocked;
import io.parley.api.conversation.UserUnblocked;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What the direct chat between a user and each candidate says about the two, straight from the event store, asked by
 * {@link LookupBeforeLoading} when a group would take in new members: whether the candidate blocks the user (a block
 * is recorded on the pair's direct conversation), and whether the two ever talked, by the rule of message requests —
 * their direct chat exists and is no request awaiting the candidate's answer ({@link Conversation#awaitsAnswerFrom}):
 * the user started it, or the candidate accepted it or wrote in it. Sharing a group is no talk (as with a direct chat,
 * which is a request whatever groups the two share). Each pair's stream is read once, from its latest snapshot on (so
 * a long chat costs no more than a short one), and answers both.
 */
interface DirectChats {

    /** Of the candidates (each once, the user left out): who blocks the user, and who never talked with the user. */
    Standing standingWith(UserId user, Collection<UserId> candidates);

    /** Those of the candidates who block the user, and those who never talked with the user. */
    record Standing(List<UserId> blockers, List<UserId> strangers) {

        /** Nobody blocks the user, everybody talked with the user. */
        static final Standing NONE = new Standing(List.of(), List.of());
    }

    @Component
    class FromEvents implements DirectChats {

        private final EventStore eventStore;

        FromEvents(EventStore eventStore) {
            this.eventStore = eventStore;
        }

        @Override
        public Standing standingWith(UserId user, Collection<UserId> candidates) {
            List<UserId> blockers = new ArrayList<>();
            List<UserId> strangers = new ArrayList<>();
            candidates.stream().distinct().filter(candidate -> !candidate.equals(user)).forEach(candidate -> {
                Pair pair = read(candidate, user);
                if (pair.candidateBlocks()) {
                    blockers.add(candidate);
                }
                if (!pair.talked()) {
                    strangers.add(candidate);
                }
            });
            return new Standing(List.copyOf(blockers), List.copyOf(strangers));
        }

        private Pair read(UserId candidate, UserId user) {
            DomainEventStream events = eventStore.readEvents(ConversationId.direct(candidate, user).value());
            boolean blocking = false;
            boolean started = false;
            boolean awaitsAnswer = false;
            while (events.hasNext()) {
                DomainEventMessage<?> event = events.next();
                Class<?> type = event.getPayloadType();
                if (Conversation.class.equals(type)) {
                    Conversation snapshot = (Conversation) event.getPayload();
                    blocking = snapshot.isBlockedBy(candidate);
                    started = snapshot.isDirectChat();
                    awaitsAnswer = snapshot.awaitsAnswerFrom(candidate);
                } else if (UserBlocked.class.equals(type)) {
                    blocking |= ((UserBlocked) event.getPayload()).blockedBy().equals(candidate);
                } else if (UserUnblocked.class.equals(type)) {
                    blocking &= !((UserUnblocked) event.getPayload()).unblockedBy().equals(candidate);
                } else if (DirectConversationStarted.class.equals(type)) {
                    started = true;
                } else if (MessageRequestOpened.class.equals(type)) {
                    awaitsAnswer = ((MessageRequestOpened) event.getPayload()).userId().equals(candidate);
                } else if (MessageRequestAccepted.class.equals(type)) {
                    awaitsAnswer = false;
                }
            }
            return new Pair(blocking, started && !awaitsAnswer);
        }

        /** What one pair's direct chat says: the candidate blocks the user; the two talked. */
        private record Pair(boolean candidateBlocks, boolean talked) {
        }
    }
}
