package io.parley.query.conversation;

import io.parley.query.projection.ReadModels;
import org.springframework.data.annotation.Id;

import java.util.Map;

/**
 * The messages a member deleted for themselves, in {@link ReadModels#HIDDEN_MESSAGES}: documents of {@link #BUCKET}
 * seqs per member, {@code s.<seq>: true}, so that a page of history needs one or two reads by id.
 */
public record HiddenMessages(@Id String id, Map<String, Boolean> s) {

    public static final int BUCKET = 256;

    public HiddenMessages {
        s = s == null ? Map.of() : Map.copyOf(s);
    }

    public static String id(String conversationId, String userId, long seq) {
        return conversationId + ":" + userId + ":" + seq / BUCKET;
    }

    /** The field a batch sets ({@code $set}, no read first) to hide the seq. */
    static String field(long seq) {
        return "s." + seq;
    }

    /** Whether the seq is hidden in this document. */
    public boolean hides(long seq) {
        return Boolean.TRUE.equals(s.get(Long.toString(seq)));
    }
}
