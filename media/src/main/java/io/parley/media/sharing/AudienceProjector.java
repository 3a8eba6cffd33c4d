package io.parley.media.sharing;

import io.parley.api.account.UserId;
import io.parley.api.conversation.ConversationId;
import io.parley.api.conversation.DirectConversationStarted;
import io.parley.api.conversation.GroupCreated;
import io.parley.api.conversation.MemberRemoved;
import io.parley.api.conversation.MembersAdded;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.stereotype.Component;

import java.util.List;

/** Keeps each conversation's {@link MediaAudience} in step with its membership events. */
@Component
@ProcessingGroup(AudienceProjector.GROUP)
class AudienceProjector {

    static final String GROUP = "media-audience";

    private final CommandGateway commands;

    AudienceProjector(CommandGateway commands) {
        this.commands = commands;
    }

    @EventHandler
    void on(DirectConversationStarted event, @SequenceNumber long sequence) {
        track(event.conversationId(), event.members(), List.of(), sequence);
    }

    @EventHandler
    void on(GroupCreated event, @SequenceNumber long sequence) {
        track(event.conversationId(), event.members(), List.of(), sequence);
    }

    @EventHandler
    void on(MembersAdded event, @SequenceNumber long sequence) {
        track(event.conversationId(), event.userIds(), List.of(), sequence);
    }

    @EventHandler
    void on(MemberRemoved event, @SequenceNumber long sequence) {
        track(event.conversationId(), List.of(), List.of(event.userId()), sequence);
    }

    private void track(ConversationId conversation, List<UserId> joined, List<UserId> left, long sequence) {
        commands.sendAndWait(new TrackAudience(TrackAudience.idOf(conversation), conversation, joined, left, sequence));
    }
}
