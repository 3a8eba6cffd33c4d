package io.parley.query.conversation;

import io.parley.query.projection.ReadModels;
import org.springframework.data.annotation.Id;

import java.util.Map;

/**
 * A document of {@link ReadModels#MESSAGES}: {@link ReadModels#MESSAGE_BUCKET} messages of one conversation, id
 * {@link ReadModels#messageBucket}, each message under {@code m.<seq>}. A batch adds and changes its messages with field
 * updates ({@link #field}), without reading it; a page of history reads one or two buckets whole.
 */
public record MessageBucket(@Id String id, String conversationId, Map<String, MessageDocument> m) {

    static final String CONVERSATION_ID = "conversationId";

    public MessageBucket {
        m = m == null ? Map.of() : Map.copyOf(m);
    }

    /** The message at {@code seq}, or null. */
    public MessageDocument message(long seq) {
        return m.get(Long.toString(seq));
    }

    /** The field of the message at {@code seq}, or of one of its fields. */
    static String field(long seq, String... path) {
        return path.length == 0 ? "m." + seq : "m." + seq + "." + String.join(".", path);
    }
}
