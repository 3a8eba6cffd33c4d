package io.parley.api.conversation;

import io.parley.api.account.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The member's devices have received every message up to {@code upToSeq}. A lower value than before is a no-op. */
public record MarkDelivered(@TargetAggregateIdentifier ConversationId conversationId, UserId userId, long upToSeq) {
}
