package io.parley.api.query;

import io.parley.api.account.UserId;
import io.parley.api.conversation.ConversationId;

/**
 * A page of a conversation's messages for one of its members: the {@code limit} messages right before
 * {@code before}, or right after {@code after} (at most one of them; neither means the newest). Answers a
 * {@link HistoryPage}.
 */
public record GetHistory(ConversationId conversationId, UserId userId, Long before, Long after, int limit) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 1000;
}
