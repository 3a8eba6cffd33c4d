package io.parley.api.conversation;

import io.parley.api.account.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A group admin lets only admins send messages into the group, or everyone again. */
public record SetOnlyAdminsSend(@TargetAggregateIdentifier ConversationId conversationId, UserId changedBy,
                                boolean onlyAdminsSend) {
}
