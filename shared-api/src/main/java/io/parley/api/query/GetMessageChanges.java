package io.parley.api.query;

import io.parley.api.account.UserId;
import io.parley.api.conversation.ConversationId;

/**
 * The messages of a conversation changed (reacted to, edited, deleted) after change number {@code afterChange}, for one
 * of its members: at most {@code limit} changes at a time. Answers a {@link MessageChangesPage}.
 */
public record GetMessageChanges(ConversationId conversationId, UserId userId, long afterChange, int limit) {

    public static final int MAX_LIMIT = 500;
}
