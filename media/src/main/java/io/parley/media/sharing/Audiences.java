package io.parley.media.sharing;

import io.parley.api.account.UserId;
import io.parley.api.conversation.ConversationId;
import io.parley.api.media.MediaAudienceChanged;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

import java.util.Collection;

/** Answers whether a user is currently in a conversation, from its {@link MediaAudience} stream (membership changes only). */
@Component
public class Audiences {

    private final EventStore eventStore;

    Audiences(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    public boolean anyIncludes(Collection<ConversationId> conversations, UserId user) {
        return conversations.stream().anyMatch(conversation -> includes(conversation, user));
    }

    public boolean includes(ConversationId conversation, UserId user) {
        boolean member = false;
        DomainEventStream events = eventStore.readEvents(TrackAudience.idOf(conversation));
        while (events.hasNext()) {
            if (events.next().getPayload() instanceof MediaAudienceChanged changed) {
                if (changed.joined().contains(user)) {
                    member = true;
                }
                if (changed.left().contains(user)) {
                    member = false;
                }
            }
        }
        return member;
    }
}
