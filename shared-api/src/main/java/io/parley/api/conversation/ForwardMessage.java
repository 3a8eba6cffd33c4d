package io.parley.api.conversation;

import io.parley.api.account.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Sends a copy of the message at {@code fromSeq} of {@code fromConversationId} (its text and/or media) into
 * {@code conversationId}, marked as forwarded. The sender must be a member of both. Answers a {@link MessageAccepted};
 * forwarding with the same {@code clientMessageId} again answers the original and stores nothing new.
 */
public record ForwardMessage(@TargetAggregateIdentifier ConversationId conversationId, UserId senderId,
                             String clientMessageId, ConversationId fromConversationId, long fromSeq) {
}
