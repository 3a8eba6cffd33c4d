package io.parley.api.conversation;

import io.parley.api.account.UserId;
import io.parley.api.media.MediaId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Sends text or media, optionally as a reply to the message at {@code replyToSeq}. Answers a {@link MessageAccepted};
 * sending the same {@code clientMessageId} again answers the original message and stores nothing new.
 */
public record SendMessage(@TargetAggregateIdentifier ConversationId conversationId, UserId senderId,
                          String clientMessageId, String text, MediaId mediaId, Long replyToSeq) {

    public SendMessage(ConversationId conversationId, UserId senderId, String clientMessageId, String text,
                       MediaId mediaId) {
        this(conversationId, senderId, clientMessageId, text, mediaId, null);
    }

    /** Without the text: a message's content never reaches a log (Axon's messages print their payloads). */
    @Override
    public String toString() {
        return "SendMessage[conversationId=" + conversationId + ", senderId=" + senderId + ", clientMessageId="
                + clientMessageId + ", mediaId=" + mediaId + ", replyToSeq=" + replyToSeq + "]";
    }
}
