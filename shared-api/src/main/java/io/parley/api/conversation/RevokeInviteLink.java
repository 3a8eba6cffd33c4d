package io.parley.api.conversation;

import io.parley.api.account.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A group admin revokes the group's invite link. */
public record RevokeInviteLink(@TargetAggregateIdentifier ConversationId conversationId, UserId revokedBy) {
}
