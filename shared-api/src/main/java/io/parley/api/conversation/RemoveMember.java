package io.parley.api.conversation;

import io.parley.api.account.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Removes a member from a group; when {@code removedBy} is the member, they leave. */
public record RemoveMember(@TargetAggregateIdentifier ConversationId conversationId, UserId removedBy,
                           UserId userId) {
}
