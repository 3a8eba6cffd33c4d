package io.parley.query.conversation;

import com.mongodb.client.MongoDatabase;
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
import io.parley.query.projection.StagedDocuments;
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

import static io.parley.query.projection.ReadModels.key;

/**
 * Projects accounts and conversations into the documents the queries read by id: {@code conversations},
 * {@code members} (watermarks per conversation and member), {@code users} (name and conversation ids),
 * {@code messages} (in buckets of {@link ReadModels#MESSAGE_BUCKET}, see {@link ReadModels#messageBucket}) and each
 * member's sync feed.
 *
 * <p>Each change means what an absolute or guarded update would ({@code $set}, {@code $max}, set operations,
 * replace by id, a change conditional on the document's own state), never an increment: applying any run of events
 * again, in order, on top of a state that already contains them leaves the same documents. The changes are made in
 * memory on the batch's copy of each user, conversation and member document, which is written once per batch
 * ({@link io.parley.query.projection.StagedDocuments}); the sync feed is written once per user and bucket
 * ({@link io.parley.query.sync.FeedAppender}). Messages are written once per bucket ({@link ReadModels#messageBucket}). So a
 * batch costs one write per touched conversation, member, user, message bucket and feed bucket, instead of five or
 * more writes per message.
 *
 * <p>Unread messages are counted without a range scan: a member document keeps the member's own message seqs
 * above their read watermark, so {@code unread = lastSeq - read - ownAboveRead.size()}.
 */
@Component
@ProcessingGroup(ProcessingGroups.CONVERSATIONS)
class ConversationProjector {

    static final int PREVIEW_LENGTH = 120;

    private final MongoDatabase db;

    ConversationProjector(MongoTemplate mongo) {
        this.db = mongo.getDb();
    }

    @EventHandler
    void on(AccountRegistered event) {
        String id = event.userId().value();
        Document user = batch().users.upsert(id);
        user.put("username", event.username().value());
        user.put("displayName", event.displayName());
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
        List<String> current = batch.members(id);
        List<String> members = ids(users);
        boolean inserted = batch.conversations.get(id) == null;
        Document conversation = batch.conversations.upsert(id);
        conversation.put("kind", kind.name());
        conversation.put("title", title);
        conversation.put("members", new ArrayList<>(members));
        conversation.put("admins", new ArrayList<>(admins));
        conversation.put("createdAt", Date.from(at));
        StagedDocuments.max(conversation, "lastActivityAt", Date.from(at));
        if (inserted) {
            conversation.put("lastSeq", 0L);
        }
        joined(batch, id, members);
        current.clear();
        current.addAll(members);
        batch.feed.append(members, position(token), change("conversation.joined", id, at));
    }

    @EventHandler
    void on(MembersAdded event, TrackingToken token) {
        ConversationBatch batch = batch();
        String id = event.conversationId().value();
        List<String> members = batch.members(id);
        List<String> newcomers = ids(event.userIds());
        Document conversation = batch.conversations.get(id);
        if (conversation != null) {
            StagedDocuments.addToSet(conversation, "members", newcomers);
            batch.conversations.changed(id);
        }
        joined(batch, id, newcomers);
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
        List<String> members = batch.members(id);
        Document conversation = batch.conversations.get(id);
        if (conversation != null) {
            StagedDocuments.pull(conversation, "members", user);
            StagedDocuments.pull(conversation, "admins", user);
            batch.conversations.changed(id);
        }
        batch.members.delete(key(id, user));
        Document account = batch.users.get(user);
        if (account != null) {
            StagedDocuments.pull(account, "conversationIds", id);
            batch.users.changed(user);
        }
        batch.feed.append(members, position(token), change("member.removed", id, event.removedAt())
                .append("userId", user).append("by", event.removedBy().value()));
        members.remove(user);
    }

    @EventHandler
    void on(AdminAppointed event, TrackingToken token) {
        ConversationBatch batch = batch();
        String id = event.conversationId().value();
        List<String> members = batch.members(id);
        Document conversation = batch.conversations.get(id);
        if (conversation != null) {
            StagedDocuments.addToSet(conversation, "admins", List.of(event.userId().value()));
            batch.conversations.changed(id);
        }
        batch.feed.append(members, position(token), change("admin.appointed", id, event.appointedAt())
                .append("userId", event.userId().value()));
    }

    @EventHandler
    void on(MessageSent event, TrackingToken token) {
        ConversationBatch batch = batch();
        String id = event.conversationId().value();
        List<String> members = batch.members(id);
        String sender = event.senderId().value();
        Date sentAt = Date.from(event.sentAt());
        batch.message(id, event.seq(), new Document("seq", event.seq())
                .append("messageId", event.messageId().value())
                .append("senderId", sender)
                .append("clientMessageId", event.clientMessageId())
                .append("text", event.text())
                .append("media", media(event.media()))
                .append("sentAt", sentAt));
        Document conversation = batch.conversations.get(id);
        if (conversation != null) {
            StagedDocuments.max(conversation, "lastSeq", event.seq());
            StagedDocuments.max(conversation, "lastActivityAt", sentAt);
            conversation.put("lastMessage", new Document("senderId", sender)
                    .append("text", event.text() == null ? null
                            : event.text().substring(0, Math.min(PREVIEW_LENGTH, event.text().length())))
                    .append("mediaType", event.media() == null ? null : event.media().mediaType())
                    .append("seq", event.seq())
                    .append("sentAt", sentAt));
            batch.conversations.changed(id);
        }
        // only while the seq is above the sender's read watermark: a later ReadUpTo may already be applied
        String memberId = key(id, sender);
        Document member = batch.members.get(memberId);
        if (member != null && ConversationReads.number(member, "read") < event.seq()) {
            StagedDocuments.addToSet(member, "ownAboveRead", List.of(event.seq()));
            batch.members.changed(memberId);
        }
        batch.feed.append(members, position(token), change("message", id, event.sentAt())
                .append("seq", event.seq()));
    }

    @EventHandler
    void on(DeliveredUpTo event, TrackingToken token) {
        ConversationBatch batch = batch();
        String id = event.conversationId().value();
        List<String> members = batch.members(id);
        String memberId = key(id, event.userId().value());
        Document member = batch.members.get(memberId);
        if (member != null) {
            StagedDocuments.max(member, "delivered", event.seq());
            batch.members.changed(memberId);
        }
        batch.feed.append(members, position(token), change("delivered", id, event.at())
                .append("userId", event.userId().value()).append("seq", event.seq()));
    }

    @EventHandler
    void on(ReadUpTo event, TrackingToken token) {
        ConversationBatch batch = batch();
        String id = event.conversationId().value();
        List<String> members = batch.members(id);
        String memberId = key(id, event.userId().value());
        Document member = batch.members.get(memberId);
        if (member != null) {
            StagedDocuments.max(member, "read", event.seq());
            StagedDocuments.max(member, "delivered", event.seq());
            Object own = member.get("ownAboveRead");
            if (own instanceof List<?> seqs) {
                List<Object> above = new ArrayList<>(seqs);
                above.removeIf(seq -> seq instanceof Number n && n.longValue() <= event.seq());
                member.put("ownAboveRead", above);
            }
            batch.members.changed(memberId);
        }
        batch.feed.append(members, position(token), change("read", id, event.at())
                .append("userId", event.userId().value()).append("seq", event.seq()));
    }

    @ResetHandler
    void reset() {
        ReadModels.OF_CONVERSATIONS.forEach(collection -> db.getCollection(collection).drop());
    }

    /** Fresh watermarks for members who (re)join, and the conversation in their list. */
    private static void joined(ConversationBatch batch, String conversationId, List<String> users) {
        for (String user : users) {
            String memberId = key(conversationId, user);
            batch.members.replace(memberId, new Document("_id", memberId)
                    .append("conversationId", conversationId)
                    .append("userId", user)
                    .append("delivered", 0L)
                    .append("read", 0L)
                    .append("ownAboveRead", new ArrayList<Long>()));
            StagedDocuments.addToSet(batch.users.upsert(user), "conversationIds", List.of(conversationId));
        }
    }

    private ConversationBatch batch() {
        return Batch.current(ConversationBatch.KEY, () -> {
            ConversationBatch batch = new ConversationBatch(db);
            batch.prefetch(Batch.payloads());
            return batch;
        });
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
