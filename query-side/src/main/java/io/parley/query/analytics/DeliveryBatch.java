package io.parley.query.analytics;

import com.mongodb.client.model.DeleteOneModel;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.parley.query.analytics.AnalyticsDocuments.ConversationDocument;
import io.parley.query.analytics.AnalyticsDocuments.DayDocument;
import io.parley.query.analytics.AnalyticsDocuments.MessageBlockDocument;
import io.parley.query.analytics.AnalyticsDocuments.WatermarkDocument;
import io.parley.query.projection.Batch;
import io.parley.query.projection.ReadModels;
import io.parley.query.projection.StagedRecords;
import io.parley.query.projection.Writes;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.parley.query.projection.ReadModels.key;

/**
 * The analytics state one batch works on: read from MongoDB once, changed in memory, written back whole.
 *
 * <p>Counts per day cannot be written idempotently with {@code $inc}, so a day document records the position of
 * the last event counted in it, and an event at or below that position is not counted again. Days are written
 * before the watermarks they were computed from: handled again after a partial write, an event yields the same
 * samples, and each day takes only those it does not have yet.
 */
final class DeliveryBatch implements Batch {

    static final String KEY = "parley.query.analytics.batch";
    private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);

    private final MongoTemplate mongo;
    /** Each conversation's last seq as stored, read only when a join needs it. */
    private final Map<String, Long> storedLastSeqs = new HashMap<>();
    /** The highest seq sent in this batch, per conversation: written as a {@code $max}, without reading first. */
    private final Map<String, Long> sentSeqs = new HashMap<>();
    private final Map<String, Watermark> watermarks = new HashMap<>();
    private final StagedRecords<MessageBlockDocument> messageBlocks;
    private final Map<String, Day> days = new HashMap<>();

    DeliveryBatch(MongoTemplate mongo) {
        this.mongo = mongo;
        this.messageBlocks = new StagedRecords<>(mongo, MessageBlockDocument.class, ReadModels.ANALYTICS_MESSAGES,
                MessageBlockDocument::id);
    }

    record Message(long seq, String sender, long sentAtMillis) {
    }

    static final class Watermark {
        final String conversationId;
        final String userId;
        /** The last seq before the member joined: earlier messages were never sent to them. */
        final long since;
        /** The position of the event the member joined with. */
        final long joinedAt;
        long delivered;
        long read;
        boolean removed;
        boolean changed;

        Watermark(String conversationId, String userId, long since, long joinedAt, long delivered, long read) {
            this.conversationId = conversationId;
            this.userId = userId;
            this.since = since;
            this.joinedAt = joinedAt;
            this.delivered = delivered;
            this.read = read;
        }
    }

    static final class Day {
        final String id;
        final long countedUpTo;
        long position;
        long sent;
        final Map<String, Long> delivered;
        final Map<String, Long> read;

        Day(String id, long countedUpTo, long sent, Map<String, Long> delivered, Map<String, Long> read) {
            this.id = id;
            this.countedUpTo = countedUpTo;
            this.position = countedUpTo;
            this.sent = sent;
            this.delivered = new HashMap<>(delivered);
            this.read = new HashMap<>(read);
        }

        boolean counts(long eventPosition) {
            if (eventPosition <= countedUpTo) {
                return false;
            }
            position = Math.max(position, eventPosition);
            return true;
        }
    }

    /**
     * Reads, in one query per collection, what the busy events of the batch will need as declared beside their
     * handlers ({@link DeliveryProjector#READ_AHEAD}); what is not read ahead is read on first use.
     */
    void readAhead(List<Object> events) {
        DeliveryProjector.READ_AHEAD.read(events, Map.of(
                ReadModels.ANALYTICS_MESSAGES, messageBlocks::load,
                ReadModels.ANALYTICS_WATERMARKS, this::loadWatermarks));
    }

    /** Reads, in one query, those of these watermarks not read yet. */
    private void loadWatermarks(Collection<String> ids) {
        Set<String> missing = new LinkedHashSet<>(ids);
        missing.removeAll(watermarks.keySet());
        if (!missing.isEmpty()) {
            mongo.find(Query.query(Criteria.where("_id").in(missing)), WatermarkDocument.class,
                    ReadModels.ANALYTICS_WATERMARKS).forEach(doc -> watermarks.put(doc.id(), watermark(doc)));
        }
    }

    long lastSeq(String conversationId) {
        long stored = storedLastSeqs.computeIfAbsent(conversationId, id -> {
            ConversationDocument doc = mongo.findById(id, ConversationDocument.class,
                    ReadModels.ANALYTICS_CONVERSATIONS);
            return doc == null ? 0L : doc.lastSeq();
        });
        return Math.max(stored, sentSeqs.getOrDefault(conversationId, 0L));
    }

    void lastSeq(String conversationId, long seq) {
        sentSeqs.merge(conversationId, seq, Math::max);
    }

    /**
     * The member joins after message {@code since}. Handled again, the join is kept as it was: the conversation's
     * last seq read now may already be past the one at the time.
     */
    void join(String conversationId, String userId, long since, long position) {
        Watermark existing = watermark(conversationId, userId);
        if (existing != null && existing.joinedAt == position) {
            return;
        }
        Watermark watermark = new Watermark(conversationId, userId, since, position, since, since);
        watermark.changed = true;
        watermarks.put(key(conversationId, userId), watermark);
    }

    /** The member's watermarks, or null if not a member. */
    Watermark watermark(String conversationId, String userId) {
        Watermark watermark = watermarks.computeIfAbsent(key(conversationId, userId), id -> {
            WatermarkDocument doc = mongo.findById(id, WatermarkDocument.class, ReadModels.ANALYTICS_WATERMARKS);
            return doc == null ? null : watermark(doc);
        });
        return watermark == null || watermark.removed ? null : watermark;
    }

    private static Watermark watermark(WatermarkDocument doc) {
        return new Watermark(doc.conversationId(), doc.userId(), doc.since(), doc.joinedAt(), doc.delivered(),
                doc.read());
    }

    void remove(String conversationId, String userId) {
        Watermark watermark = watermark(conversationId, userId);
        if (watermark != null) {
            watermark.removed = true;
            watermark.changed = true;
        }
    }

    void message(String conversationId, long seq, String sender, Instant sentAt) {
        String id = MessageBlockDocument.id(conversationId, seq);
        MessageBlockDocument block = messageBlocks.get(id);
        messageBlocks.put((block == null ? MessageBlockDocument.empty(id) : block)
                .with(seq, sender, sentAt.toEpochMilli()));
    }

    /** The messages with seq in ({@code after}, {@code upTo}] of a conversation. */
    List<Message> messages(String conversationId, long after, long upTo) {
        if (upTo <= after) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        for (long block = (after + 1) / MessageBlockDocument.SEQS; block <= upTo / MessageBlockDocument.SEQS; block++) {
            ids.add(key(conversationId, block));
        }
        messageBlocks.load(ids);
        List<Message> found = new ArrayList<>();
        for (long seq = after + 1; seq <= upTo; seq++) {
            MessageBlockDocument block = messageBlocks.get(MessageBlockDocument.id(conversationId, seq));
            Message message = block == null ? null : block.message(seq);
            if (message != null) {
                found.add(message);
            }
        }
        return found;
    }

    Day day(long epochMillis) {
        String id = LocalDate.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC).toString();
        return days.computeIfAbsent(id, ignored -> {
            DayDocument doc = mongo.findById(id, DayDocument.class, ReadModels.ANALYTICS_DAYS);
            if (doc == null) {
                return new Day(id, -1, 0, Map.of(), Map.of());
            }
            return new Day(id, doc.position(), doc.sent(), doc.delivered(), doc.read());
        });
    }

    static void count(Map<String, Long> histogram, long millis) {
        histogram.merge(LatencyHistogram.bucket(millis), 1L, Long::sum);
    }

    @Override
    public void flush() {
        Writes writes = new Writes(mongo.getDb(), ReadModels.OF_ANALYTICS.toArray(String[]::new));
        days.values().stream().filter(day -> day.position > day.countedUpTo).forEach(day ->
                writes.add(ReadModels.ANALYTICS_DAYS, replace(day.id, new DayDocument(day.id, day.position, day.sent,
                        sorted(day.delivered), sorted(day.read)))));
        messageBlocks.writeTo(writes);
        watermarks.forEach((id, watermark) -> {
            if (watermark == null || !watermark.changed) {
                return;
            }
            if (watermark.removed) {
                writes.add(ReadModels.ANALYTICS_WATERMARKS, new DeleteOneModel<>(Filters.eq("_id", id)));
            } else {
                writes.add(ReadModels.ANALYTICS_WATERMARKS, replace(id, new WatermarkDocument(id,
                        watermark.conversationId, watermark.userId, watermark.since, watermark.joinedAt,
                        watermark.delivered, watermark.read)));
            }
        });
        sentSeqs.forEach((id, seq) -> writes.add(ReadModels.ANALYTICS_CONVERSATIONS,
                new UpdateOneModel<>(Filters.eq("_id", id), Updates.max(ConversationDocument.LAST_SEQ, seq),
                        new UpdateOptions().upsert(true))));
        writes.flush();
    }

    /** Buckets in ascending order, so that a day's document is the same whatever order its samples came in. */
    private static Map<String, Long> sorted(Map<String, Long> histogram) {
        Map<String, Long> sorted = new LinkedHashMap<>();
        histogram.keySet().stream().sorted(Comparator.comparingLong(key -> Long.parseLong(key.substring(1))))
                .forEach(key -> sorted.put(key, histogram.get(key)));
        return sorted;
    }

    private ReplaceOneModel<Document> replace(String id, Object record) {
        return new ReplaceOneModel<>(Filters.eq("_id", id), StagedRecords.stored(mongo, record), UPSERT);
    }
}
