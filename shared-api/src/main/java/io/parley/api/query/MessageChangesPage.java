package io.parley.api.query;

import java.util.List;

/**
 * The messages changed in changes {@code afterChange + 1} to {@code upToChange}, each once, as they are now (in seq
 * order); ask again from {@code upToChange} while {@code hasMore}.
 */
public record MessageChangesPage(String conversationId, List<MessageView> messages, long upToChange,
                                 boolean hasMore) {
}
