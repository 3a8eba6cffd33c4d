package io.parley.api.conversation;

import io.parley.api.account.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Deletes the message at {@code seq} for everyone: by its sender, or by a group admin. */
public record DeleteMessage(@TargetAggregateIdentifier ConversationId conversationId, UserId userId, long seq) {
}
