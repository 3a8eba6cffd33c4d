package io.parley.media.sharing;

import io.parley.api.account.UserId;
import io.parley.api.media.MediaAudienceChanged;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * Who may download what was sent in one conversation: the media module's copy of its members. Conversation events
 * that arrive again (a replay, a retry) change nothing, because each change remembers how far it got.
 */
@Aggregate
class MediaAudience {

    @AggregateIdentifier
    private String audienceId;
    private Set<UserId> members = new HashSet<>();
    private long throughSequence = -1;

    MediaAudience() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(TrackAudience command) {
        if (audienceId != null && command.throughSequence() <= throughSequence) {
            return;
        }
        List<UserId> joined = command.joined().stream().distinct().filter(user -> !members.contains(user)).toList();
        List<UserId> left = command.left().stream().distinct().filter(members::contains).toList();
        if (audienceId == null || !joined.isEmpty() || !left.isEmpty()) {
            apply(new MediaAudienceChanged(command.conversationId(), joined, left, command.throughSequence(),
                    GenericEventMessage.clock.instant()));
        }
    }

    @EventSourcingHandler
    void on(MediaAudienceChanged event) {
        audienceId = TrackAudience.idOf(event.conversationId());
        members.addAll(event.joined());
        event.left().forEach(members::remove);
        throughSequence = event.throughSequence();
    }
}
