package io.parley.query.conversation;

import io.parley.query.projection.ReadModels;
import org.springframework.data.annotation.Id;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The reactions to one message in {@link ReadModels#REACTIONS} ({@code _id = conversationId:seq}): each reacting
 * user's emoji, by user id, in the order they first reacted.
 */
public record ReactionsDocument(@Id String id, String conversationId, long seq, Map<String, String> by) {

    public ReactionsDocument {
        by = by == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(by));
    }

    /** The message's reactions as stored, or none yet. */
    static ReactionsDocument of(ReactionsDocument current, String conversationId, long seq) {
        return current != null ? current : new ReactionsDocument(ReadModels.key(conversationId, seq), conversationId,
                seq, Map.of());
    }

    /** With the user's emoji, in place of any they had. */
    ReactionsDocument with(String user, String emoji) {
        Map<String, String> changed = new LinkedHashMap<>(by);
        changed.put(user, emoji);
        return new ReactionsDocument(id, conversationId, seq, changed);
    }

    ReactionsDocument without(String user) {
        Map<String, String> changed = new LinkedHashMap<>(by);
        changed.remove(user);
        return new ReactionsDocument(id, conversationId, seq, changed);
    }
}
