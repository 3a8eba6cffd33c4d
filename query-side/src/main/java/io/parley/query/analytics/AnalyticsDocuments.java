package io.parley.query.analytics;

import io.parley.query.projection.ReadModels;
import org.springframework.data.annotation.Id;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The analytics processor's documents, one record per collection, with their field names. */
final class AnalyticsDocuments {

    private AnalyticsDocuments() {
    }

    /**
     * A day of {@link ReadModels#ANALYTICS_DAYS} ({@code _id} its ISO date): messages sent, and the latencies to
     * delivered and read as {@link LatencyHistogram} buckets, ascending; {@code position}, that of the last event
     * counted in it.
     */
    record DayDocument(@Id String id, long position, long sent, Map<String, Long> delivered, Map<String, Long> read) {

        DayDocument {
            delivered = delivered == null ? Map.of() : delivered;
            read = read == null ? Map.of() : read;
        }
    }

    /**
     * A block of {@link #SEQS} consecutive seqs of a conversation in {@link ReadModels#ANALYTICS_MESSAGES}
     * ({@code conversationId:(seq / SEQS)}): by seq, its sender as an index into {@code senders} (in the order they
     * first sent in the block) and its {@code sentAt} in epoch millis, both ascending by seq. One document per
     * message took ~200 bytes of the standalone store per message, a block ~25.
     */
    record MessageBlockDocument(@Id String id, List<String> senders, Map<String, Integer> sender,
                                Map<String, Long> sentAt) {

        /** Seqs per block: a block stays well within a page of the embedded store. A change is a new layout. */
        static final int SEQS = 64;

        MessageBlockDocument {
            senders = senders == null ? List.of() : senders;
            sender = sender == null ? Map.of() : sender;
            sentAt = sentAt == null ? Map.of() : sentAt;
        }

        static String id(String conversationId, long seq) {
            return ReadModels.key(conversationId, seq / SEQS);
        }

        static MessageBlockDocument empty(String id) {
            return new MessageBlockDocument(id, List.of(), Map.of(), Map.of());
        }

        /** The block with this message (the same block if it holds it already). */
        MessageBlockDocument with(long seq, String sentBy, long sentAtMillis) {
            List<String> newSenders = new ArrayList<>(senders);
            int index = newSenders.indexOf(sentBy);
            if (index < 0) {
                newSenders.add(sentBy);
                index = newSenders.size() - 1;
            }
            return new MessageBlockDocument(id, newSenders, withEntry(sender, seq, index),
                    withEntry(sentAt, seq, sentAtMillis));
        }

        /** The message of this seq, or null if the block does not hold it. */
        DeliveryBatch.Message message(long seq) {
            String key = Long.toString(seq);
            Integer index = sender.get(key);
            Long at = sentAt.get(key);
            return index == null || at == null ? null : new DeliveryBatch.Message(seq, senders.get(index), at);
        }

        /**
         * The values with this seq's, ascending by seq, so that a block is the same document whatever order its
         * messages came in. Messages mostly come in order: a seq above the last is appended without sorting.
         */
        private static <V> Map<String, V> withEntry(Map<String, V> values, long seq, V value) {
            Map<String, V> copy = new LinkedHashMap<>(values);
            boolean inOrder = seq > lastSeq(values);
            copy.put(Long.toString(seq), value);
            if (inOrder) {
                return copy;
            }
            Map<String, V> sorted = new LinkedHashMap<>();
            copy.keySet().stream().sorted(Comparator.comparingLong(Long::parseLong))
                    .forEach(key -> sorted.put(key, copy.get(key)));
            return sorted;
        }

        private static long lastSeq(Map<String, ?> values) {
            String last = null;
            for (String key : values.keySet()) {
                last = key;
            }
            return last == null ? -1 : Long.parseLong(last);
        }
    }

    /** A member's watermarks in {@link ReadModels#ANALYTICS_WATERMARKS} ({@code conversationId:userId}). */
    record WatermarkDocument(@Id String id, String conversationId, String userId, long since, long joinedAt,
                             long delivered, long read) {
    }

    /** A conversation's last seq in {@link ReadModels#ANALYTICS_CONVERSATIONS}. */
    record ConversationDocument(@Id String id, long lastSeq) {

        /** The field of {@link #lastSeq}, which only ever moves up ({@code $max}). */
        static final String LAST_SEQ = "lastSeq";
    }
}
