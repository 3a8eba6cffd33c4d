package io.parley.query.conversation;

import io.parley.query.projection.ReadModels;
import org.springframework.data.annotation.Id;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A conversation's change log of messages, in {@link ReadModels#MESSAGE_CHANGES}: change number → the seq it changed
 * (a reaction, an edit, a deletion), {@link #BUCKET} to a document ({@code c.<change>: seq}). The conversation
 * document holds {@code lastChange}, moved after the log is written. A device that resumes from its last change
 * number reads the seqs changed since and gets those messages as they are now.
 */
public record MessageChanges(@Id String id, String conversationId, Map<String, Long> c) {

    public static final int BUCKET = 64;

    public MessageChanges {
        c = c == null ? Map.of() : Map.copyOf(c);
    }

    public static String bucketId(String conversationId, long change) {
        return conversationId + ":" + change / BUCKET;
    }

    /** The fields a batch sets ({@code $set}, no read first) to log a change: its conversation, and the seq changed. */
    static Map<String, Object> fields(String conversationId, long change, long seq) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("conversationId", conversationId);
        fields.put("c." + change, seq);
        return fields;
    }
}
