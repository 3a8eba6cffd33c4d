package io.parley.api.query;

import io.parley.api.account.UserId;

/**
 * A page of the caller's conversations, most recent activity first: {@code limit} of them after the opaque
 * {@code cursor} (none: from the start). Answers a {@link ConversationList}.
 */
public record ListConversations(UserId userId, String cursor, int limit) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 500;

    /** The first page. */
    public ListConversations(UserId userId) {
        this(userId, null, DEFAULT_LIMIT);
    }
}
