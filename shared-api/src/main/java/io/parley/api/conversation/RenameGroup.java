package io.parley.api.conversation;

import io.parley.api.account.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A group admin gives the group a new title. */
public record RenameGroup(@TargetAggregateIdentifier ConversationId conversationId, UserId renamedBy, String title) {
}
