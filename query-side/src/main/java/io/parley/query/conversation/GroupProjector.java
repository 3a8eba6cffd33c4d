package io.parley.query.conversation;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.parley.api.account.UserId;
import io.parley.api.conversation.AdminAppointed;
import io.parley.api.conversation.AdminDemoted;
import io.parley.api.conversation.AdminPromoted;
import io.parley.api.conversation.ConversationId;
import io.parley.api.conversation.GroupCreated;
import io.parley.api.conversation.GroupDescribed;
import io.parley.api.conversation.GroupRenamed;
import io.parley.api.conversation.InviteLinkCreated;
import io.parley.api.conversation.InviteLinkRevoked;
import io.parley.api.conversation.MemberRemoved;
import io.parley.api.conversation.MembersAdded;
import io.parley.api.conversation.OnlyAdminsSendChanged;
import io.parley.query.feed.FeedEntry;
import io.parley.query.projection.Batch;
import io.parley.query.projection.ProcessingGroups;
import io.parley.query.projection.ReadModels;
import io.parley.query.projection.StagedRecords;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Groups people can run, in the conversations processor's batch ({@link ConversationBatch}): a group's title,
 * description, admins, who may send and whether it has an invite link in its conversation document (never the link's
 * token or its hash), a sync-feed entry for each change, and the {@link SystemLines} of history for these changes and
 * for every membership change ({@link ConversationProjector} keeps the membership itself).
 */
@Component
@ProcessingGroup(ProcessingGroups.CONVERSATIONS)
class GroupProjector {

    private final MongoTemplate mongo;
    private final Timer flushes;

    GroupProjector(MongoTemplate mongo, MeterRegistry meters) {
        this.mongo = mongo;
        this.flushes = Batch.flushTimer(meters, ProcessingGroups.CONVERSATIONS);
        ConversationProjector.READ_AHEAD.requireDeclared(GroupProjector.class);
    }

    // ---------------------------------------------------------------- membership: system lines only

    @EventHandler
    void on(GroupCreated event, TrackingToken token) {
        line(event.conversationId(), token, "group.created", event.createdBy(), event.createdAt(),
                line -> line.withTitle(event.title()));
    }

    @EventHandler
    void on(MembersAdded event, TrackingToken token) {
        boolean byLink = event.userIds().equals(List.of(event.addedBy()));
        line(event.conversationId(), token, byLink ? "member.joined" : "members.added", event.addedBy(),
                event.addedAt(), line -> byLink ? line : line.withUserIds(ids(event.userIds())));
    }

    @EventHandler
    void on(MemberRemoved event, TrackingToken token) {
        boolean left = event.removedBy().equals(event.userId());
        line(event.conversationId(), token, left ? "member.left" : "member.removed", event.removedBy(),
                event.removedAt(), line -> left ? line : line.withUserIds(List.of(event.userId().value())));
    }

    @EventHandler
    void on(AdminAppointed event, TrackingToken token) {
        line(event.conversationId(), token, "admin.appointed", null, event.appointedAt(),
                line -> line.withUserIds(List.of(event.userId().value())));
    }

    // ---------------------------------------------------------------- group settings

    @EventHandler
    void on(GroupRenamed event, TrackingToken token) {
        change(event.conversationId(), conversation -> conversation.titled(event.title()));
        line(event.conversationId(), token, "group.renamed", event.renamedBy(), event.renamedAt(),
                line -> line.withTitle(event.title()));
        feed(event.conversationId(), token, "group.renamed", event.renamedBy(), event.renamedAt(),
                entry -> entry.withTitle(event.title()));
    }

    @EventHandler
    void on(GroupDescribed event, TrackingToken token) {
        change(event.conversationId(), conversation -> conversation.described(event.description()));
        line(event.conversationId(), token, "group.described", event.describedBy(), event.describedAt(),
                line -> line.withDescription(event.description()));
        feed(event.conversationId(), token, "group.described", event.describedBy(), event.describedAt(),
                entry -> entry.withDescription(event.description()));
    }

    @EventHandler
    void on(AdminPromoted event, TrackingToken token) {
        change(event.conversationId(), conversation -> conversation.withAdmin(event.userId().value()));
        line(event.conversationId(), token, "admin.promoted", event.promotedBy(), event.promotedAt(),
                line -> line.withUserIds(List.of(event.userId().value())));
        feed(event.conversationId(), token, "admin.promoted", event.promotedBy(), event.promotedAt(),
                entry -> entry.withUserId(event.userId().value()));
    }

    @EventHandler
    void on(AdminDemoted event, TrackingToken token) {
        change(event.conversationId(), conversation -> conversation.withoutAdmin(event.userId().value()));
        line(event.conversationId(), token, "admin.demoted", event.demotedBy(), event.demotedAt(),
                line -> line.withUserIds(List.of(event.userId().value())));
        feed(event.conversationId(), token, "admin.demoted", event.demotedBy(), event.demotedAt(),
                entry -> entry.withUserId(event.userId().value()));
    }

    @EventHandler
    void on(OnlyAdminsSendChanged event, TrackingToken token) {
        change(event.conversationId(), conversation -> conversation.onlyAdminsSend(event.onlyAdminsSend()));
        line(event.conversationId(), token, "sendPolicy.changed", event.changedBy(), event.changedAt(),
                line -> line.withOnlyAdminsSend(event.onlyAdminsSend()));
        feed(event.conversationId(), token, "sendPolicy.changed", event.changedBy(), event.changedAt(),
                entry -> entry.withOnlyAdminsSend(event.onlyAdminsSend()));
    }

    @EventHandler
    void on(InviteLinkCreated event, TrackingToken token) {
        ConversationDocument.InviteLink link = new ConversationDocument.InviteLink(event.createdBy().value(),
                event.createdAt());
        change(event.conversationId(), conversation -> conversation.inviteLink(link));
        line(event.conversationId(), token, "inviteLink.created", event.createdBy(), event.createdAt(),
                UnaryOperator.identity());
        feed(event.conversationId(), token, "inviteLink.created", event.createdBy(), event.createdAt(),
                UnaryOperator.identity());
    }

    @EventHandler
    void on(InviteLinkRevoked event, TrackingToken token) {
        change(event.conversationId(), conversation -> conversation.inviteLink(null));
        line(event.conversationId(), token, "inviteLink.revoked", event.revokedBy(), event.revokedAt(),
                UnaryOperator.identity());
        feed(event.conversationId(), token, "inviteLink.revoked", event.revokedBy(), event.revokedAt(),
                UnaryOperator.identity());
    }

    private void change(ConversationId conversationId, UnaryOperator<ConversationDocument> change) {
        batch().changeConversation(conversationId.value(), change);
    }

    /** A system line after the conversation's last seq as of this event, with the fields of the change. */
    private void line(ConversationId conversationId, TrackingToken token, String type, UserId by, Instant at,
                      UnaryOperator<SystemLines.Line> fields) {
        ConversationBatch batch = batch();
        String id = conversationId.value();
        long afterSeq = batch.lastSeq(id);
        long position = ConversationProjector.position(token);
        SystemLines.Line line = fields.apply(SystemLines.Line.of(type, afterSeq, position,
                by == null ? null : by.value(), at));
        String bucket = SystemLines.bucketId(id, afterSeq);
        batch.setField(ReadModels.SYSTEM_LINES, bucket, SystemLines.CONVERSATION_ID, id);
        batch.setField(ReadModels.SYSTEM_LINES, bucket, SystemLines.lineField(position),
                StagedRecords.stored(mongo, line));
    }

    /** A sync-feed entry for every member, with the fields of the change. */
    private void feed(ConversationId conversationId, TrackingToken token, String type, UserId by, Instant at,
                      UnaryOperator<FeedEntry> fields) {
        ConversationBatch batch = batch();
        String id = conversationId.value();
        FeedEntry entry = fields.apply(FeedEntry.of(type, id, at).withBy(by.value()));
        batch.feed.append(batch.members(id), ConversationProjector.position(token), entry);
    }

    private ConversationBatch batch() {
        return ConversationBatch.current(mongo, flushes);
    }

    private static List<String> ids(List<UserId> users) {
        return users.stream().map(UserId::value).distinct().toList();
    }
}
