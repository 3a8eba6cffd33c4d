package io.parley.api.conversation;

import io.parley.api.account.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The sender replaces the text of their message at {@code seq}, within the edit window. */
public record EditMessage(@TargetAggregateIdentifier ConversationId conversationId, UserId userId, long seq,
                          String text) {

    /** Without the text: a message's content never reaches a log (Axon's messages print their payloads). */
    @Override
    public String toString() {
        return "EditMessage[conversationId=" + conversationId + ", userId=" + userId + ", seq=" + seq + "]";
    }
}
