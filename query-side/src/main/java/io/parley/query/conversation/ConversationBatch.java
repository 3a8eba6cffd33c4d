package io.parley.query.conversation;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.micrometer.core.instrument.Timer;
import io.parley.api.consistency.ConsistencyToken;
import io.parley.api.conversation.MessageSent;
import io.parley.query.projection.Batch;
import io.parley.query.projection.ConversationProgress;
import io.parley.query.projection.ReadModels;
import io.parley.query.projection.StagedRecords;
import io.parley.query.projection.StreamPosition;
import io.parley.query.projection.Writes;
import io.parley.query.feed.FeedAppender;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.Message;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * One batch of the conversations processor: the user, conversation, member, own-seqs ({@link OwnSeqs}) and reactions
 * documents it touches, each read once and written once at the end (see {@link StagedRecords}); the messages it adds
 * ({@link MessageDocument}) and changes, one update per {@link MessageBucket}, unread; the sync-feed entries it adds; and
 * who is in each
 * conversation it touches, kept up to date in memory as the batch's own membership changes come.
 */
final class ConversationBatch implements Batch {

    static final String KEY = "parley.query.conversations.batch";
    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);

    private final MongoTemplate mongo;
    final Writes writes;
    final FeedAppender feed;
    final StagedRecords<UserDocument> users;
    final StagedRecords<ConversationDocument> conversations;
    final StagedRecords<MemberDocument> members;
    final StagedRecords<OwnSeqs> ownSeqs;
    private final Map<String, List<String>> memberLists = new HashMap<>();
    /** By conversation with messages in this batch: its last seq as of the event being handled (see lastSeq). */
    private final Map<String, Long> lastSeqs = new HashMap<>();
    /** By bucket id: the messages this batch adds to it (by seq) and the fields it sets or unsets of others. */
    private final Map<String, BucketUpdate> messageBuckets = new LinkedHashMap<>();
    /** Reactions, one document per reacted message (see MessageActionProjection). */
    final StagedRecords<ReactionsDocument> reactions;
    /** By collection, then document id: the fields set ({@code $set}) in bucketed documents other than messages. */
    private final Map<String, Map<String, Map<String, Object>>> bucketSets = new LinkedHashMap<>();
    /** By conversation: the sequence number of its last event in this batch ({@link ReadModels#CONVERSATION_PROGRESS}). */
    private final Map<String, Long> progress = new LinkedHashMap<>();
    /** The global position of this batch's last event ({@link ReadModels#STREAM_POSITION}); -1: none known. */
    private long streamPosition = -1;

    ConversationBatch(MongoTemplate mongo) {
        this.mongo = mongo;
        MongoDatabase db = mongo.getDb();
        this.writes = new Writes(db, ReadModels.OF_CONVERSATIONS.toArray(String[]::new));
        this.feed = new FeedAppender(mongo, writes);
        this.users = new StagedRecords<>(mongo, UserDocument.class, ReadModels.USERS, UserDocument::id);
        this.conversations = new StagedRecords<>(mongo, ConversationDocument.class, ReadModels.CONVERSATIONS,
                ConversationDocument::id);
        this.members = new StagedRecords<>(mongo, MemberDocument.class, ReadModels.MEMBERS, MemberDocument::id);
        this.ownSeqs = new StagedRecords<>(mongo, OwnSeqs.class, ReadModels.OWN_SEQS, OwnSeqs::id);
        this.reactions = new StagedRecords<>(mongo, ReactionsDocument.class, ReadModels.REACTIONS,
                ReactionsDocument::id);
    }

    /**
     * The batch of the current unit of work, made on the first event of the batch with what its events will need read
     * ({@link #readAhead}) and how far each conversation gets ({@link #progress}); its writes are timed by
     * {@code flushes}.
     */
    static ConversationBatch current(MongoTemplate mongo, Timer flushes) {
        return Batch.current(KEY, () -> {
            ConversationBatch batch = new ConversationBatch(mongo);
            batch.readAhead(Batch.payloads());
            batch.progress(Batch.messages());
            return batch;
        }, flushes);
    }

    /**
     * Reads, in one query per collection, what the busy events of the batch will need as declared beside their
     * handlers ({@link ConversationProjector#READ_AHEAD}), then the feed heads of everyone in the conversations read;
     * and notes, for each conversation with messages in the batch, its last seq before them (see {@link #lastSeq}).
     */
    void readAhead(List<Object> events) {
        Map<String, Set<String>> ids = ConversationProjector.READ_AHEAD.read(events, Map.of(
                ReadModels.CONVERSATIONS, conversations::load,
                ReadModels.MEMBERS, members::load,
                ReadModels.OWN_SEQS, ownSeqs::load,
                ReadModels.REACTIONS, reactions::load));
        Set<String> recipients = new LinkedHashSet<>();
        ids.get(ReadModels.CONVERSATIONS).forEach(id -> recipients.addAll(members(id)));
        feed.load(recipients);
        for (Object event : events) {
            if (event instanceof MessageSent sent) {
                lastSeqs.putIfAbsent(sent.conversationId().value(), sent.seq() - 1);
            }
        }
    }

    /**
     * Notes how far each conversation gets with this batch's events. Every event of a conversation must have a
     * handler in this processor (only handled events reach a batch), or a token naming it would never be reached.
     */
    void progress(List<? extends Message<?>> events) {
        for (Message<?> event : events) {
            if (event instanceof DomainEventMessage<?> domain
                    && ConsistencyToken.AGGREGATE_TYPE.equals(domain.getType())) {
                progress.merge(domain.getAggregateIdentifier(), domain.getSequenceNumber(), Math::max);
            }
            if (event instanceof TrackedEventMessage<?> tracked && tracked.trackingToken() != null) {
                streamPosition = Math.max(streamPosition, tracked.trackingToken().position().orElse(-1));
            }
        }
    }

    /** The conversation's members as of the event being handled; change the list to record a membership change. */
    List<String> members(String conversationId) {
        return memberLists.computeIfAbsent(conversationId, id -> {
            ConversationDocument conversation = conversations.get(id);
            return conversation == null ? new ArrayList<>() : new ArrayList<>(conversation.members());
        });
    }

    /**
     * The conversation's last seq as of the event being handled. Not simply its staged document's: when a batch is
     * handled again after its flush failed part way, that may already hold the batch's later messages.
     */
    long lastSeq(String conversationId) {
        Long known = lastSeqs.get(conversationId);
        if (known != null) {
            return known;
        }
        ConversationDocument conversation = conversations.get(conversationId);
        return conversation == null ? 0 : conversation.lastSeq();
    }

    /** Changes the conversation's document, if the read model has it. */
    void changeConversation(String conversationId, UnaryOperator<ConversationDocument> change) {
        ConversationDocument conversation = conversations.get(conversationId);
        if (conversation != null) {
            conversations.put(change.apply(conversation));
        }
    }

    /** Adds a message to its bucket: {@code m.<seq>}, the same however often it is added. */
    void message(String conversationId, MessageDocument message) {
        bucketOf(conversationId, message.seq()).added.put(message.seq(), message);
        lastSeqs.put(conversationId, message.seq());
    }

    /**
     * Sets fields of a stored message ({@code null} unsets one; see {@link MessageDocument#edit}): in the batch's own
     * record when the batch added it (through its stored form, so both ways set the same fields), else as
     * {@code m.<seq>.<field>} in its bucket's update.
     */
    void changeMessage(String conversationId, long seq, Map<String, Object> fields) {
        BucketUpdate bucket = bucketOf(conversationId, seq);
        MessageDocument added = bucket.added.get(seq);
        if (added != null) {
            Document changed = StagedRecords.stored(mongo, added);
            fields.forEach((field, value) -> {
                if (value == null) {
                    changed.remove(field);
                } else {
                    changed.put(field, value);
                }
            });
            bucket.added.put(seq, mongo.getConverter().read(MessageDocument.class, changed));
        } else {
            fields.forEach((field, value) -> bucket.fields.put(MessageBucket.field(seq, field), value));
        }
    }

    /** Sets {@code field} of a document of {@code collection} (upserted), once per batch and document. */
    void setField(String collection, String id, String field, Object value) {
        bucketSets.computeIfAbsent(collection, c -> new LinkedHashMap<>())
                .computeIfAbsent(id, i -> new LinkedHashMap<>())
                .put(field, value);
    }

    private BucketUpdate bucketOf(String conversationId, long seq) {
        return messageBuckets.computeIfAbsent(ReadModels.messageBucket(conversationId, seq),
                id -> new BucketUpdate(conversationId));
    }

    /**
     * One {@link MessageBucket}'s update: the messages added whole, and the fields of others set (or unset, as null).
     */
    private final class BucketUpdate {
        final String conversationId;
        final Map<Long, MessageDocument> added = new LinkedHashMap<>();
        final Map<String, Object> fields = new LinkedHashMap<>();

        BucketUpdate(String conversationId) {
            this.conversationId = conversationId;
        }

        Bson update() {
            List<Bson> updates = new ArrayList<>();
            updates.add(Updates.set(MessageBucket.CONVERSATION_ID, conversationId));
            added.forEach((seq, message) -> updates.add(Updates.set(MessageBucket.field(seq),
                    StagedRecords.stored(mongo, message))));
            fields.forEach((path, value) -> updates.add(value == null ? Updates.unset(path) : Updates.set(path, value)));
            return Updates.combine(updates);
        }
    }

    @Override
    public void flush() {
        messageBuckets.forEach((id, bucket) -> writes.add(ReadModels.MESSAGES,
                new UpdateOneModel<>(Filters.eq("_id", id), bucket.update(), UPSERT)));
        messageBuckets.clear();
        reactions.writeTo(writes);
        bucketSets.forEach((collection, byId) -> byId.forEach((id, fields) -> writes.add(collection,
                new UpdateOneModel<>(Filters.eq("_id", id), Updates.combine(fields.entrySet().stream()
                        .map(field -> Updates.set(field.getKey(), field.getValue())).toList()), UPSERT))));
        bucketSets.clear();
        users.writeTo(writes);
        conversations.writeTo(writes);
        ownSeqs.writeTo(writes);
        members.writeTo(writes);
        feed.write();
        progress.forEach((id, sequence) -> writes.add(ReadModels.CONVERSATION_PROGRESS,
                new UpdateOneModel<>(Filters.eq("_id", id), Updates.max(ConversationProgress.EVENT_SEQUENCE, sequence),
                        UPSERT)));
        if (streamPosition >= 0) {
            writes.add(ReadModels.STREAM_POSITION, new UpdateOneModel<>(Filters.eq("_id", StreamPosition.ID),
                    Updates.max(StreamPosition.POSITION, streamPosition), UPSERT));
        }
        writes.flush();
    }
}
