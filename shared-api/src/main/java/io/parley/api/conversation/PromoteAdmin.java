package io.parley.api.conversation;

import io.parley.api.account.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A group admin makes another member an admin. */
public record PromoteAdmin(@TargetAggregateIdentifier ConversationId conversationId, UserId promotedBy,
                           UserId userId) {
}
