package io.parley.api.conversation;

import io.parley.api.account.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

public record AddMembers(@TargetAggregateIdentifier ConversationId conversationId, UserId addedBy,
                         List<UserId> userIds) {
}
