package io.parley.api.conversation;

import io.parley.api.account.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/** Creates a group with its creator as admin; {@code memberIds} are the others. */
public record CreateGroup(@TargetAggregateIdentifier ConversationId conversationId, UserId createdBy, String title,
                          List<UserId> memberIds) {
}
