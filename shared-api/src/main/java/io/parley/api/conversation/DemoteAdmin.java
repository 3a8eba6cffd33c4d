package io.parley.api.conversation;

import io.parley.api.account.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A group admin makes an admin (themselves too) a plain member again; a group keeps at least one admin. */
public record DemoteAdmin(@TargetAggregateIdentifier ConversationId conversationId, UserId demotedBy,
                          UserId userId) {
}
