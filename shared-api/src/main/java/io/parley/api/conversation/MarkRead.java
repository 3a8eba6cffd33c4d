package io.parley.api.conversation;

import io.parley.api.account.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The member has read every message up to {@code upToSeq}, which implies delivered. A lower value is a no-op. */
public record MarkRead(@TargetAggregateIdentifier ConversationId conversationId, UserId userId, long upToSeq) {
}
