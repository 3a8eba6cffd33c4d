package io.parley.api.conversation;

import io.parley.api.account.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Deletes the message at {@code seq} for the asking member only. */
public record HideMessage(@TargetAggregateIdentifier ConversationId conversationId, UserId userId, long seq) {
}
