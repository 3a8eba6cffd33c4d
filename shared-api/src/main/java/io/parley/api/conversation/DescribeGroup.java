package io.parley.api.conversation;

import io.parley.api.account.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A group admin sets the group's description; an empty one clears it. */
public record DescribeGroup(@TargetAggregateIdentifier ConversationId conversationId, UserId describedBy,
                            String description) {
}
