package io.parley.query.conversation;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.DeleteOneModel;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.parley.api.account.AccountRegistered;
import io.parley.api.account.UserId;
import io.parley.api.conversation.AdminAppointed;
import io.parley.api.conversation.ConversationId;
import io.parley.api.conversation.ConversationKind;
import io.parley.api.conversation.DeliveredUpTo;
import io.parley.api.conversation.DirectConversationStarted;
import io.parley.api.conversation.GroupCreated;
import io.parley.api.conversation.MemberRemoved;
import io.parley.api.conversation.MembersAdded;
import io.parley.api.conversation.MessageSent;
import io.parley.api.conversation.ReadUpTo;
import io.parley.api.media.MediaAttachment;
import io.parley.query.projection.Batch;
import io.parley.query.projection.ProcessingGroups;
import io.parley.query.projection.ReadModels;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import static io.parley.query.projection.ReadModels.CONVERSATIONS;
import static io.parley.query.projection.ReadModels.MEMBERS;
import static io.parley.query.projection.ReadModels.MESSAGES;
import static io.parley.query.projection.ReadModels.USERS;
import static io.parley.query.projection.ReadModels.key;

/**
 * Projects accounts and conversations into the documents the queries read by id: {@code conversations},
 * {@code members} (watermarks per conversation and member), {@code users} (name and conversation ids),
 * {@code messages} ({@code conversationId:seq}) and each member's sync feed.
 *
 * <p>Every write is absolute or guarded ({@code $set}, {@code $max}, set operations, replace by id, an update
 * conditional on the document's own state), never {@code $inc}: applying any run of events again, in order, on top
 * of a state that already contains them leaves the same documents.
 *
 * <p>Unread messages are counted without a range scan: a member document keeps the member's own message seqs
 * above their read watermark, so {@code unread = lastSeq - read - ownAboveRead.size()}.
 */
@Component
@ProcessingGroup(ProcessingGroups.CONVERSATIONS)
class ConversationProjector {

    static final int PREVIEW_LENGTH = 120;
    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);
    private static final ReplaceOptions REPLACE_UPSERT = new ReplaceOptions().upsert(true);

    private final MongoDatabase db;

    ConversationProjector(MongoTemplate mongo) {
        this.db = mongo.getDb();
    }

    @EventHandler
    void on(AccountRegistered event) {
        batch().writes.add(USERS, new UpdateOneModel<>(Filters.eq("_id", event.userId().value()),
                Updates.combine(Updates.set("username", event.username().value()),
                        Updates.set("displayName", event.displayName())), UPSERT));
    }

    @EventHandler
    void on(DirectConversationStarted event, TrackingToken token) {
        started(event.conversationId(), ConversationKind.DIRECT, null, event.members(), List.of(), event.startedAt(),
                token);
    }

    @EventHandler
    void on(GroupCreated event, TrackingToken token) {
        started(event.conversationId(), ConversationKind.GROUP, event.title(), event.members(),
                List.of(event.createdBy().value()), event.createdAt(), token);
    }

    private void started(ConversationId conversationId, ConversationKind kind, String title, List<UserId> users,
                         List<String> admins, Instant at, TrackingToken token) {
        ConversationBatch batch = batch();
        String id = conversationId.value();
        List<String> members = ids(users);
        batch.writes.add(CONVERSATIONS, new UpdateOneModel<>(Filters.eq("_id", id), Updates.combine(
                Updates.set("kind", kind.name()), Updates.set("title", title), Updates.set("members", members),
                Updates.set("admins", admins), Updates.set("createdAt", Date.from(at)),
                Updates.max("lastActivityAt", Date.from(at)), Updates.setOnInsert("lastSeq", 0L)), UPSERT));
        joined(batch, id, members);
        List<String> current = batch.members(id);
        current.clear();
        current.addAll(members);
        batch.feed.append(members, position(token), change("conversation.joined", id, at));
    }

    @EventHandler
    void on(MembersAdded event, TrackingToken token) {
        ConversationBatch batch = batch();
        String id = event.conversationId().value();
        List<String> newcomers = ids(event.userIds());
        batch.writes.add(CONVERSATIONS, new UpdateOneModel<>(Filters.eq("_id", id),
                Updates.addEachToSet("members", newcomers)));
        joined(batch, id, newcomers);
        List<String> members = batch.members(id);
        batch.feed.append(members, position(token), change("members.added", id, event.addedAt())
                .append("userIds", newcomers).append("by", event.addedBy().value()));
        batch.feed.append(newcomers, position(token), change("conversation.joined", id, event.addedAt()));
        newcomers.stream().filter(user -> !members.contains(user)).forEach(members::add);
    }

    @EventHandler
    void on(MemberRemoved event, TrackingToken token) {
        ConversationBatch batch = batch();
        String id = event.conversationId().value();
        String user = event.userId().value();
        batch.writes.add(CONVERSATIONS, new UpdateOneModel<>(Filters.eq("_id", id),
                Updates.combine(Updates.pull("members", user), Updates.pull("admins", user))));
        batch.writes.add(MEMBERS, new DeleteOneModel<>(Filters.eq("_id", key(id, user))));
        batch.writes.add(USERS, new UpdateOneModel<>(Filters.eq("_id", user), Updates.pull("conversationIds", id)));
        List<String> members = batch.members(id);
        batch.feed.append(members, position(token), change("member.removed", id, event.removedAt())
                .append("userId", user).append("by", event.removedBy().value()));
        members.remove(user);
    }

    @EventHandler
    void on(AdminAppointed event, TrackingToken token) {
        ConversationBatch batch = batch();
        String id = event.conversationId().value();
        batch.writes.add(CONVERSATIONS, new UpdateOneModel<>(Filters.eq("_id", id),
                Updates.addToSet("admins", event.userId().value())));
        batch.feed.append(batch.members(id), position(token), change("admin.appointed", id, event.appointedAt())
                .append("userId", event.userId().value()));
    }

    @EventHandler
    void on(MessageSent event, TrackingToken token) {
        ConversationBatch batch = batch();
        String id = event.conversationId().value();
        String sender = event.senderId().value();
        Date sentAt = Date.from(event.sentAt());
        Document message = new Document("_id", key(id, event.seq()))
                .append("conversationId", id)
                .append("seq", event.seq())
                .append("messageId", event.messageId().value())
                .append("senderId", sender)
                .append("clientMessageId", event.clientMessageId())
                .append("text", event.text())
                .append("media", media(event.media()))
                .append("sentAt", sentAt);
        batch.writes.add(MESSAGES, new ReplaceOneModel<>(Filters.eq("_id", message.get("_id")), message, REPLACE_UPSERT));
        Document preview = new Document("senderId", sender)
                .append("text", event.text() == null ? null
                        : event.text().substring(0, Math.min(PREVIEW_LENGTH, event.text().length())))
                .append("mediaType", event.media() == null ? null : event.media().mediaType())
                .append("seq", event.seq())
                .append("sentAt", sentAt);
        batch.writes.add(CONVERSATIONS, new UpdateOneModel<>(Filters.eq("_id", id), Updates.combine(
                Updates.max("lastSeq", event.seq()), Updates.max("lastActivityAt", sentAt),
                Updates.set("lastMessage", preview))));
        // only while the seq is above the sender's read watermark: a later ReadUpTo may already be applied
        batch.writes.add(MEMBERS, new UpdateOneModel<>(
                Filters.and(Filters.eq("_id", key(id, sender)), Filters.lt("read", event.seq())),
                Updates.addToSet("ownAboveRead", event.seq())));
        batch.feed.append(batch.members(id), position(token), change("message", id, event.sentAt())
                .append("seq", event.seq()));
    }

    @EventHandler
    void on(DeliveredUpTo event, TrackingToken token) {
        ConversationBatch batch = batch();
        String id = event.conversationId().value();
        batch.writes.add(MEMBERS, new UpdateOneModel<>(Filters.eq("_id", key(id, event.userId().value())),
                Updates.max("delivered", event.seq())));
        batch.feed.append(batch.members(id), position(token), change("delivered", id, event.at())
                .append("userId", event.userId().value()).append("seq", event.seq()));
    }

    @EventHandler
    void on(ReadUpTo event, TrackingToken token) {
        ConversationBatch batch = batch();
        String id = event.conversationId().value();
        batch.writes.add(MEMBERS, new UpdateOneModel<>(Filters.eq("_id", key(id, event.userId().value())),
                Updates.combine(Updates.max("read", event.seq()), Updates.max("delivered", event.seq()),
                        Updates.pullByFilter(Filters.lte("ownAboveRead", event.seq())))));
        batch.feed.append(batch.members(id), position(token), change("read", id, event.at())
                .append("userId", event.userId().value()).append("seq", event.seq()));
    }

    @ResetHandler
    void reset() {
        ReadModels.OF_CONVERSATIONS.forEach(collection -> db.getCollection(collection).drop());
    }

    /** Fresh watermarks for members who (re)join, and the conversation in their list. */
    private static void joined(ConversationBatch batch, String conversationId, List<String> users) {
        for (String user : users) {
            Document member = new Document("_id", key(conversationId, user))
                    .append("conversationId", conversationId)
                    .append("userId", user)
                    .append("delivered", 0L)
                    .append("read", 0L)
                    .append("ownAboveRead", new ArrayList<Long>());
            batch.writes.add(MEMBERS, new ReplaceOneModel<>(Filters.eq("_id", member.get("_id")), member, REPLACE_UPSERT));
            batch.writes.add(USERS, new UpdateOneModel<>(Filters.eq("_id", user),
                    Updates.addToSet("conversationIds", conversationId), UPSERT));
        }
    }

    private ConversationBatch batch() {
        return Batch.current(ConversationBatch.KEY, () -> new ConversationBatch(db));
    }

    private static Document change(String type, String conversationId, Instant at) {
        return new Document("type", type).append("conversationId", conversationId).append("at", Date.from(at));
    }

    private static Document media(MediaAttachment media) {
        if (media == null) {
            return null;
        }
        return new Document("mediaId", media.mediaId().value())
                .append("mediaType", media.mediaType())
                .append("contentType", media.contentType())
                .append("size", media.size())
                .append("checksum", media.checksum())
                .append("hasThumbnail", media.hasThumbnail());
    }

    private static List<String> ids(List<UserId> users) {
        return users.stream().map(UserId::value).distinct().toList();
    }

    static long position(TrackingToken token) {
        return token.position().orElseThrow(() -> new IllegalStateException("no position in " + token));
    }
}
