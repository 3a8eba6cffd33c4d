package io.parley.api.conversation;

import io.parley.api.account.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A member reacts to the message at {@code seq} with one emoji, replacing their earlier reaction to it. */
public record SetReaction(@TargetAggregateIdentifier ConversationId conversationId, UserId userId, long seq,
                          String emoji) {
}
