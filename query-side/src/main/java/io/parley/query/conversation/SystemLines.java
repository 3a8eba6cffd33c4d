package io.parley.query.conversation;

import io.parley.api.query.SystemLine;
import io.parley.query.projection.ReadModels;
import org.springframework.data.annotation.Id;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * History's system lines in {@link ReadModels#SYSTEM_LINES}: per conversation, documents of the lines after
 * {@link #BUCKET} seqs, {@code conversationId:(afterSeq / BUCKET)}, each line the field {@code l.<position>} (the
 * event's global position, so writing it again changes nothing). A page of history reads the one or two documents its
 * seqs fall in, by id. A batch sets lines ({@code $set} of {@link #CONVERSATION_ID} and {@link #lineField}) without
 * reading their document.
 */
public record SystemLines(@Id String id, String conversationId, Map<String, Line> l) {

    public static final int BUCKET = 64;
    static final String CONVERSATION_ID = "conversationId";

    public SystemLines {
        l = l == null ? Map.of() : l;
    }

    public static String bucketId(String conversationId, long afterSeq) {
        return conversationId + ":" + afterSeq / BUCKET;
    }

    /** The field of the line of the event at this position. */
    static String lineField(long position) {
        return "l." + position;
    }

    /**
     * One line: after which seq it goes, the position of its event, who made the change (none for an appointment) when,
     * and what the type of change names: {@code userIds}, {@code title}, {@code description} or {@code onlyAdminsSend}.
     */
    record Line(String type, long afterSeq, long position, String by, Instant at, List<String> userIds, String title,
                String description, Boolean onlyAdminsSend) {

        static Line of(String type, long afterSeq, long position, String by, Instant at) {
            return new Line(type, afterSeq, position, by, at, null, null, null, null);
        }

        Line withUserIds(List<String> userIds) {
            return new Line(type, afterSeq, position, by, at, userIds, title, description, onlyAdminsSend);
        }

        Line withTitle(String title) {
            return new Line(type, afterSeq, position, by, at, userIds, title, description, onlyAdminsSend);
        }

        Line withDescription(String description) {
            return new Line(type, afterSeq, position, by, at, userIds, title, description, onlyAdminsSend);
        }

        Line withOnlyAdminsSend(boolean onlyAdminsSend) {
            return new Line(type, afterSeq, position, by, at, userIds, title, description, onlyAdminsSend);
        }

        SystemLine view() {
            return new SystemLine(type, afterSeq, position, by, userIds, title, description, onlyAdminsSend, at);
        }
    }
}
