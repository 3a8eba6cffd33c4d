package io.parley.api.conversation;

import io.parley.api.account.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The sender replaces the text of their message at {@code seq}, within the edit window. */
public record EditMessage(@TargetAggregateIdentifier ConversationId conversationId, UserId userId, long seq,
                          String text) {
}
