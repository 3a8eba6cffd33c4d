package io.parley.api.conversation;

import io.parley.api.account.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A member takes back their reaction to the message at {@code seq}. */
public record RemoveReaction(@TargetAggregateIdentifier ConversationId conversationId, UserId userId, long seq) {
}
