package io.parley.gateway.requests;

import io.parley.api.account.UserId;
import io.parley.api.conversation.GroupInvitationCancelled;
import io.parley.api.conversation.GroupInvitationDeclined;
import io.parley.api.conversation.GroupInvitationsOpened;
import io.parley.gateway.connection.ConnectionRegistry;
import io.parley.gateway.connection.FrameWriter;
import io.parley.gateway.frame.ServerFrame;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ReplayStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.TextMessage;

import java.util.List;

/**
 * Group invitations in the realtime processor: the invited users' devices are told of an invitation
 * ({@code conversation} frame {@code invited}, with the group's title and who invited them) and of their own decline
 * ({@code invitationDeclined}, so their other devices drop it), and of an admin cancelling it
 * ({@code invitationCancelled}, {@code by} the admin, so their devices drop it). Nothing else: an invited user is no member, so no
 * message, typing or presence of the group reaches them ({@code Memberships}), and its members hear nothing of them
 * until they accept, which is a {@code MembersAdded} like any add.
 */
@Component
@ProcessingGroup("realtime") // RealtimeProjector.PROCESSING_GROUP: the same processor, in event order
class GroupInvitationRelay {

    private final ConnectionRegistry connections;
    private final FrameWriter frames;

    GroupInvitationRelay(ConnectionRegistry connections, FrameWriter frames) {
        this.connections = connections;
        this.frames = frames;
    }

    @EventHandler
    void on(GroupInvitationsOpened event, ReplayStatus replay) {
        if (replay.isReplay()) {
            return;
        }
        tell(event.userIds(), new ServerFrame.Conversation("invited", event.conversationId().value(), "GROUP",
                event.title(), null, null, null, event.invitedBy().value()));
    }

    @EventHandler
    void on(GroupInvitationDeclined event, ReplayStatus replay) {
        if (replay.isReplay()) {
            return;
        }
        tell(List.of(event.userId()), new ServerFrame.Conversation("invitationDeclined",
                event.conversationId().value(), null, null, null, null, null, event.userId().value()));
    }

    @EventHandler
    void on(GroupInvitationCancelled event, ReplayStatus replay) {
        if (replay.isReplay()) {
            return;
        }
        tell(List.of(event.userId()), new ServerFrame.Conversation("invitationCancelled",
                event.conversationId().value(), null, null, null, null, null, event.cancelledBy().value()));
    }

    private void tell(List<UserId> users, ServerFrame frame) {
        TextMessage message = frames.write(frame);
        users.forEach(user -> connections.of(user).forEach(connection -> connection.send(message)));
    }
}
