package io.parley.query.analytics;

import io.parley.query.projection.ReadModels;
import org.springframework.data.annotation.Id;

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

    /** A message of {@link ReadModels#ANALYTICS_MESSAGES} ({@code conversationId:seq}), {@code sentAt} epoch millis. */
    record MessageDocument(@Id String id, long seq, String sender, long sentAt) {
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
