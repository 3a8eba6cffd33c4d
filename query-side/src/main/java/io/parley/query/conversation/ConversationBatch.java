package io.parley.query.conversation;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.parley.api.consistency.ConsistencyToken;
import io.parley.api.conversation.DeliveredUpTo;
import io.parley.api.conversation.MessageSent;
import io.parley.api.conversation.ReadUpTo;
import io.parley.query.projection.Batch;
import io.parley.query.projection.ReadModels;
import io.parley.query.projection.StagedDocuments;
import io.parley.query.projection.Writes;
import io.parley.query.sync.FeedAppender;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.messaging.Message;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One batch of the conversations processor: the user, conversation, member and own-seqs ({@link OwnSeqs}) documents
 * it touches, each read once and written once at the end (see {@link StagedDocuments}); the messages it adds, one
 * update per message bucket ({@link ReadModels#messageBucket}); the sync-feed entries it adds; and who is in each
 * conversation it touches, kept up to date in memory as the batch's own membership changes come.
 */
final class ConversationBatch implements Batch {

    static final String KEY = "parley.query.conversations.batch";
    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);

    final Writes writes;
    final FeedAppender feed;
    final StagedDocuments users;
    final StagedDocuments conversations;
    final StagedDocuments members;
    final StagedDocuments ownSeqs;
    private final Map<String, List<String>> memberLists = new HashMap<>();
    /** By conversation with messages in this batch: its last seq as of the event being handled (see lastSeq). */
    private final Map<String, Long> lastSeqs = new HashMap<>();
    /** By bucket id: the updates of the messages this batch adds to it. */
    private final Map<String, List<Bson>> messageBuckets = new LinkedHashMap<>();
    /** By conversation: the sequence number of its last event in this batch ({@link ReadModels#CONVERSATION_PROGRESS}). */
    private final Map<String, Long> progress = new LinkedHashMap<>();

    ConversationBatch(MongoDatabase db) {
        this.writes = new Writes(db, ReadModels.OF_CONVERSATIONS.toArray(String[]::new));
        this.feed = new FeedAppender(db, writes);
        this.users = new StagedDocuments(db, ReadModels.USERS);
        this.conversations = new StagedDocuments(db, ReadModels.CONVERSATIONS);
        this.members = new StagedDocuments(db, ReadModels.MEMBERS);
        this.ownSeqs = new StagedDocuments(db, ReadModels.OWN_SEQS);
    }

    /**
     * Reads, in one query per collection, the conversation, member and own-seqs documents and the feed heads these
     * events will need, instead of one query each as the events come.
     */
    void prefetch(List<Object> events) {
        Set<String> conversationIds = new LinkedHashSet<>();
        Set<String> memberIds = new LinkedHashSet<>();
        Set<String> ownSeqIds = new LinkedHashSet<>();
        for (Object event : events) {
            if (event instanceof MessageSent sent) {
                String id = sent.conversationId().value();
                conversationIds.add(id);
                memberIds.add(ReadModels.key(id, sent.senderId().value()));
                ownSeqIds.add(OwnSeqs.id(id, sent.senderId().value(), sent.seq()));
                lastSeqs.putIfAbsent(id, sent.seq() - 1);
            } else if (event instanceof DeliveredUpTo delivered) {
                conversationIds.add(delivered.conversationId().value());
                memberIds.add(ReadModels.key(delivered.conversationId().value(), delivered.userId().value()));
            } else if (event instanceof ReadUpTo read) {
                conversationIds.add(read.conversationId().value());
                memberIds.add(ReadModels.key(read.conversationId().value(), read.userId().value()));
            }
        }
        conversations.load(conversationIds);
        members.load(memberIds);
        ownSeqs.load(ownSeqIds);
        Set<String> recipients = new LinkedHashSet<>();
        conversationIds.forEach(id -> recipients.addAll(members(id)));
        feed.load(recipients);
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
        }
    }

    /** The conversation's members as of the event being handled; change the list to record a membership change. */
    List<String> members(String conversationId) {
        return memberLists.computeIfAbsent(conversationId, id -> {
            Document doc = conversations.get(id);
            return doc == null ? new ArrayList<>() : new ArrayList<>(doc.getList("members", String.class, List.of()));
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
        Document doc = conversations.get(conversationId);
        return doc == null ? 0 : ConversationReads.number(doc, "lastSeq");
    }

    /** Adds a message (with its {@code seq}) to its bucket: {@code m.<seq>}, the same however often it is added. */
    void message(String conversationId, long seq, Document message) {
        messageBuckets.computeIfAbsent(ReadModels.messageBucket(conversationId, seq),
                        id -> new ArrayList<>(List.of(Updates.set("conversationId", conversationId))))
                .add(Updates.set("m." + seq, message));
        lastSeqs.put(conversationId, seq);
    }

    @Override
    public void flush() {
        messageBuckets.forEach((id, sets) -> writes.add(ReadModels.MESSAGES,
                new UpdateOneModel<>(Filters.eq("_id", id), Updates.combine(sets), UPSERT)));
        messageBuckets.clear();
        users.writeTo(writes);
        conversations.writeTo(writes);
        ownSeqs.writeTo(writes);
        members.writeTo(writes);
        feed.write();
        progress.forEach((id, sequence) -> writes.add(ReadModels.CONVERSATION_PROGRESS,
                new UpdateOneModel<>(Filters.eq("_id", id), Updates.max(ReadModels.PROGRESS_SEQUENCE, sequence), UPSERT)));
        writes.flush();
    }
}
