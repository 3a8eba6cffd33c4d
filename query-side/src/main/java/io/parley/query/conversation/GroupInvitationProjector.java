package io.parley.query.conversation;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.parley.api.account.UserId;
import io.parley.api.conversation.GroupInvitationAccepted;
import io.parley.api.conversation.GroupInvitationCancelled;
import io.parley.api.conversation.GroupInvitationDeclined;
import io.parley.api.conversation.GroupInvitationsOpened;
import io.parley.query.feed.FeedEntry;
import io.parley.query.projection.Batch;
import io.parley.query.projection.ProcessingGroups;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Group invitations, in the conversations processor's batch ({@link ConversationBatch}): the group's document lists
 * who is invited by whom ({@link ConversationDocument#invitations}) and each invited user's document the groups they
 * are invited into ({@link UserDocument#invitedTo}), until they answer or an admin cancels the invitation; their
 * conversation list shows these as
 * requests, and their devices get sync-feed entries. The members' read models learn nothing until an invitation is
 * accepted, which its {@code MembersAdded} tells them as any add.
 */
@Component
@ProcessingGroup(ProcessingGroups.CONVERSATIONS)
class GroupInvitationProjector {

    private final MongoTemplate mongo;
    private final Timer flushes;

    GroupInvitationProjector(MongoTemplate mongo, MeterRegistry meters) {
        this.mongo = mongo;
        this.flushes = Batch.flushTimer(meters, ProcessingGroups.CONVERSATIONS);
        ConversationProjector.READ_AHEAD.requireDeclared(GroupInvitationProjector.class);
    }

    @EventHandler
    void on(GroupInvitationsOpened event, TrackingToken token) {
        ConversationBatch batch = batch();
        String id = event.conversationId().value();
        List<String> invited = event.userIds().stream().map(UserId::value).toList();
        batch.changeConversation(id, conversation -> conversation.invited(invited, event.invitedBy().value(),
                event.openedAt()));
        invited.forEach(user -> batch.users.put(UserDocument.invited(batch.users.get(user), user, id)));
        batch.feed.append(invited, ConversationProjector.position(token),
                FeedEntry.of("invitation.opened", id, event.openedAt()).withBy(event.invitedBy().value()));
    }

    @EventHandler
    void on(GroupInvitationAccepted event) {
        answered(event.conversationId().value(), event.userId().value());
    }

    @EventHandler
    void on(GroupInvitationDeclined event, TrackingToken token) {
        String id = event.conversationId().value();
        String user = event.userId().value();
        answered(id, user);
        batch().feed.append(List.of(user), ConversationProjector.position(token),
                FeedEntry.of("invitation.declined", id, event.declinedAt()).withBy(user));
    }

    /** As a decline for the invitee, whose devices learn it from the sync feed; the members' read models are untouched. */
    @EventHandler
    void on(GroupInvitationCancelled event, TrackingToken token) {
        String id = event.conversationId().value();
        answered(id, event.userId().value());
        batch().feed.append(List.of(event.userId().value()), ConversationProjector.position(token),
                FeedEntry.of("invitation.cancelled", id, event.cancelledAt()).withBy(event.cancelledBy().value()));
    }

    private void answered(String conversationId, String user) {
        ConversationBatch batch = batch();
        batch.changeConversation(conversationId, conversation -> conversation.invitationAnswered(user));
        UserDocument account = batch.users.get(user);
        if (account != null) {
            batch.users.put(account.answered(conversationId));
        }
    }

    private ConversationBatch batch() {
        return ConversationBatch.current(mongo, flushes);
    }
}
