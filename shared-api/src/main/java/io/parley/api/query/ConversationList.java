package io.parley.api.query;

import java.util.List;

/** A page of conversations; ask for the next with {@code nextCursor}, which is null on the last page. */
public record ConversationList(List<ConversationSummary> conversations, String nextCursor) {
}
