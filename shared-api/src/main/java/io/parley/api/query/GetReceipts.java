package io.parley.api.query;

import io.parley.api.account.UserId;
import io.parley.api.conversation.ConversationId;

/** Every member's watermarks, for one of the members. Answers {@link Receipts}. */
public record GetReceipts(ConversationId conversationId, UserId userId) {
}
