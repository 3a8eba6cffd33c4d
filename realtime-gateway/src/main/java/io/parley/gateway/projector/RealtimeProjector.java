package io.parley.gateway.projector;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.parley.api.account.UserId;
import io.parley.api.conversation.AdminAppointed;
import io.parley.api.conversation.AdminDemoted;
import io.parley.api.conversation.AdminPromoted;
import io.parley.api.conversation.GroupDescribed;
import io.parley.api.conversation.GroupRenamed;
import io.parley.api.conversation.InviteLinkCreated;
import io.parley.api.conversation.InviteLinkRevoked;
import io.parley.api.conversation.OnlyAdminsSendChanged;
import io.parley.api.conversation.ConversationId;
import io.parley.api.conversation.ConversationKind;
import io.parley.api.conversation.DeliveredUpTo;
import io.parley.api.conversation.DirectConversationStarted;
import io.parley.api.conversation.GroupCreated;
import io.parley.api.conversation.MemberRemoved;
import io.parley.api.conversation.MembersAdded;
import io.parley.api.conversation.MessageDeleted;
import io.parley.api.conversation.MessageEdited;
import io.parley.api.conversation.MessageHidden;
import io.parley.api.conversation.MessageSent;
import io.parley.api.conversation.UserBlocked;
import io.parley.api.conversation.UserUnblocked;
import io.parley.api.conversation.ReactionRemoved;
import io.parley.api.conversation.ReactionSet;
import io.parley.api.conversation.ReadUpTo;
import io.parley.gateway.connection.ConnectionRegistry;
import io.parley.gateway.connection.DeviceConnection;
import io.parley.gateway.connection.FrameWriter;
import io.parley.gateway.frame.ServerFrame;
import io.parley.gateway.block.Blocks;
import io.parley.gateway.membership.Memberships;
import io.parley.gateway.presence.Presence;
import io.parley.platform.cdn.CdnLinkSigner;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ReplayStatus;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.TextMessage;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Turns events into frames for the sockets this node holds, for members only, and keeps this node's membership
 * view ({@link Memberships}) from the same events. It runs in a tracking processor of this node's own
 * ({@link RealtimeProcessorConfiguration}), after the events are stored and off the threads that store them. At
 * start it replays the events between where the loaded view stands and the head ({@link RealtimeStartPosition}):
 * replayed events change the view and push nothing.
 */
@Component
@ProcessingGroup(RealtimeProjector.PROCESSING_GROUP)
class RealtimeProjector {

    static final String PROCESSING_GROUP = "realtime";

    private final ConnectionRegistry connections;
    private final Memberships memberships;
    private final Blocks blocks;
    private final FrameWriter frames;
    private final Presence presence;
    private final Timer deliveryLatency;
    private final CdnLinkSigner cdnLinks;

    RealtimeProjector(ConnectionRegistry connections, Memberships memberships, Blocks blocks, FrameWriter frames,
                      Presence presence, MeterRegistry meters, CdnLinkSigner cdnLinks) {
        this.connections = connections;
        this.cdnLinks = cdnLinks;
        this.memberships = memberships;
        this.blocks = blocks;
        this.frames = frames;
        this.presence = presence;
        this.deliveryLatency = Timer.builder("parley.delivery.latency")
                .description("From a message's event being stored to its frame being written to this node's sockets")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(meters);
    }

    /**
     * {@code storedAt}: the event's timestamp, taken by the command side as it stores the event. The frame, written
     * once for every member, has the media's CDN links signed now.
     */
    @EventHandler
    void on(MessageSent event, @Timestamp Instant storedAt, ReplayStatus replay) {
        memberships.sent(event.conversationId(), event.seq());
        if (replay.isReplay()) {
            return;
        }
        TextMessage frame = frames.write(new ServerFrame.Message(event.conversationId().value(), event.seq(),
                event.messageId().value(), event.senderId().value(), event.text(), cdnLinks.withLinks(event.media()),
                event.sentAt(), event.replyTo(), event.mentions() == null ? null : ids(event.mentions()), event.forwarded()));
        boolean pushed = false;
        for (UserId member : memberships.of(event.conversationId())) {
            for (DeviceConnection connection : connections.of(member)) {
                connection.deliver(event.conversationId().value(), event.seq(), frame);
                pushed = true;
            }
        }
        if (pushed) {
            deliveryLatency.record(Duration.between(storedAt, Instant.now()));
        }
    }

    @EventHandler
    void on(DeliveredUpTo event, ReplayStatus replay) {
        if (replay.isReplay()) {
            return;
        }
        toMembers(event.conversationId(), new ServerFrame.Receipt(event.conversationId().value(),
                event.userId().value(), event.seq(), null));
    }

    @EventHandler
    void on(ReadUpTo event, ReplayStatus replay) {
        if (replay.isReplay()) {
            return;
        }
        toMembers(event.conversationId(), new ServerFrame.Receipt(event.conversationId().value(),
                event.userId().value(), event.seq(), event.seq()));
    }

    /**
     * Kept in the block view, replayed or not: presence and typing are no longer shared between the two. Live, each
     * of them is told the other is offline (with no last seen), so that what they were shown before does not linger.
     */
    @EventHandler
    void on(UserBlocked event, ReplayStatus replay) {
        blocks.blocked(event.blockedBy(), event.userId());
        if (replay.isReplay()) {
            return;
        }
        hidePresence(event.blockedBy(), event.userId());
        hidePresence(event.userId(), event.blockedBy());
    }

    private void hidePresence(UserId from, UserId whom) {
        TextMessage frame = frames.write(new ServerFrame.Presence(whom.value(), false, null));
        connections.of(from).forEach(connection -> connection.send(frame));
    }

    @EventHandler
    void on(UserUnblocked event) {
        blocks.unblocked(event.unblockedBy(), event.userId());
    }

    /**
     * A chat that starts as a message request has its request recorded before its members: the presence worker,
     * which reads both views while this runs, never finds the two sharing a chat without the request between them.
     */
    @EventHandler
    void on(DirectConversationStarted event, ReplayStatus replay) {
        if (event.request()) {
            blocks.requestOpened(event.startedBy(), event.peer());
        }
        memberships.started(event.conversationId(), ConversationKind.DIRECT, null, event.members());
        if (replay.isReplay()) {
            return;
        }
        toMembers(event.conversationId(), new ServerFrame.Conversation("created", event.conversationId().value(),
                "DIRECT", null, ids(event.members()), null, null, null));
        // a revision 1 start (stored before the flag) has its request in the next event: introduced once the batch
        // is handled, the two are introduced only if it is no request
        afterBatch(() -> presence.introduce(event.members(), event.members()));
    }

    private static void afterBatch(Runnable task) {
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().root().afterCommit(unitOfWork -> task.run());
        } else {
            task.run();
        }
    }

    @EventHandler
    void on(GroupCreated event, ReplayStatus replay) {
        memberships.started(event.conversationId(), ConversationKind.GROUP, event.title(), event.members());
        if (replay.isReplay()) {
            return;
        }
        toMembers(event.conversationId(), new ServerFrame.Conversation("created", event.conversationId().value(),
                "GROUP", event.title(), ids(event.members()), null, null, null));
        presence.introduce(event.members(), event.members());
    }

    @EventHandler
    void on(MembersAdded event, ReplayStatus replay) {
        memberships.added(event.conversationId(), event.userIds());
        if (replay.isReplay()) {
            return;
        }
        toMembers(event.conversationId(), new ServerFrame.Conversation("membersAdded", event.conversationId().value(),
                null, null, null, ids(event.userIds()), null, event.addedBy().value()));
        presence.introduce(event.userIds(), memberships.of(event.conversationId()));
    }

    /** The removed member hears of it too, before their sockets forget the conversation. */
    @EventHandler
    void on(MemberRemoved event, ReplayStatus replay) {
        if (replay.isReplay()) {
            memberships.removed(event.conversationId(), event.userId());
            return;
        }
        ServerFrame frame = new ServerFrame.Conversation("memberRemoved", event.conversationId().value(),
                null, null, null, null, event.userId().value(), null);
        toMembers(event.conversationId(), frame);
        memberships.removed(event.conversationId(), event.userId());
        TextMessage lastWord = frames.write(frame);
        for (DeviceConnection connection : connections.of(event.userId())) {
            connection.send(lastWord);
            connection.forget(event.conversationId().value());
        }
    }

    @EventHandler
    void on(AdminAppointed event, ReplayStatus replay) {
        if (replay.isReplay()) {
            return;
        }
        toMembers(event.conversationId(), new ServerFrame.Conversation("adminAppointed", event.conversationId().value(),
                null, null, null, null, event.userId().value(), null));
    }

    // ---------------------------------------------------------------- groups people can run

    @EventHandler
    void on(GroupRenamed event, ReplayStatus replay) {
        group(replay, event.conversationId(), new ServerFrame.Group("renamed", event.conversationId().value(),
                event.renamedBy().value(), null, event.title(), null, null, null, null));
    }

    @EventHandler
    void on(GroupDescribed event, ReplayStatus replay) {
        group(replay, event.conversationId(), new ServerFrame.Group("described", event.conversationId().value(),
                event.describedBy().value(), null, null, event.description(), null, null, null));
    }

    @EventHandler
    void on(AdminPromoted event, ReplayStatus replay) {
        group(replay, event.conversationId(), ServerFrame.Group.of("adminPromoted", event.conversationId().value(),
                event.promotedBy().value()).withUser(event.userId().value()));
    }

    @EventHandler
    void on(AdminDemoted event, ReplayStatus replay) {
        group(replay, event.conversationId(), ServerFrame.Group.of("adminDemoted", event.conversationId().value(),
                event.demotedBy().value()).withUser(event.userId().value()));
    }

    @EventHandler
    void on(OnlyAdminsSendChanged event, ReplayStatus replay) {
        group(replay, event.conversationId(), new ServerFrame.Group("sendPolicy", event.conversationId().value(),
                event.changedBy().value(), null, null, null, event.onlyAdminsSend(), null, null));
    }

    @EventHandler
    void on(InviteLinkCreated event, ReplayStatus replay) {
        group(replay, event.conversationId(), ServerFrame.Group.of("inviteLinkCreated", event.conversationId().value(),
                event.createdBy().value()));
    }

    @EventHandler
    void on(InviteLinkRevoked event, ReplayStatus replay) {
        group(replay, event.conversationId(), ServerFrame.Group.of("inviteLinkRevoked", event.conversationId().value(),
                event.revokedBy().value()));
    }

    private void group(ReplayStatus replay, ConversationId conversation, ServerFrame.Group frame) {
        if (!replay.isReplay()) {
            toMembers(conversation, frame);
        }
    }

    // ---------------------------------------------------------------- message actions

    @EventHandler
    void on(ReactionSet event, ReplayStatus replay) {
        if (replay.isReplay()) {
            return;
        }
        toMembers(event.conversationId(), new ServerFrame.Reaction(event.conversationId().value(), event.seq(),
                event.userId().value(), event.emoji(), event.replaced(), event.change()));
    }

    @EventHandler
    void on(ReactionRemoved event, ReplayStatus replay) {
        if (replay.isReplay()) {
            return;
        }
        toMembers(event.conversationId(), new ServerFrame.Reaction(event.conversationId().value(), event.seq(),
                event.userId().value(), null, event.replaced(), event.change()));
    }

    @EventHandler
    void on(MessageEdited event, ReplayStatus replay) {
        if (replay.isReplay()) {
            return;
        }
        toMembers(event.conversationId(), new ServerFrame.Edited(event.conversationId().value(), event.seq(),
                event.text(), event.editedAt(), event.change()));
    }

    @EventHandler
    void on(MessageDeleted event, ReplayStatus replay) {
        if (replay.isReplay()) {
            return;
        }
        toMembers(event.conversationId(), new ServerFrame.Deleted(event.conversationId().value(), event.seq(),
                event.deletedBy().value(), event.change()));
    }

    @EventHandler
    void on(MessageHidden event, ReplayStatus replay) {
        if (replay.isReplay()) {
            return;
        }
        TextMessage frame = frames.write(new ServerFrame.Hidden(event.conversationId().value(), event.seq()));
        for (DeviceConnection connection : connections.of(event.userId())) {
            connection.send(frame);
        }
    }

    private void toMembers(ConversationId conversation, ServerFrame frame) {
        TextMessage message = frames.write(frame);
        for (UserId member : memberships.of(conversation)) {
            for (DeviceConnection connection : connections.of(member)) {
                connection.send(message);
            }
        }
    }

    private static List<String> ids(Collection<UserId> users) {
        return users.stream().map(UserId::value).toList();
    }
}
