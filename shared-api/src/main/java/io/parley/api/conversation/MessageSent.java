package io.parley.api.conversation;

import io.parley.api.account.UserId;
import io.parley.api.media.MediaAttachment;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A message is stored at {@code seq}, the conversation's next position (gapless, from 1). */
@Revision("1")
public record MessageSent(ConversationId conversationId, MessageId messageId, long seq, UserId senderId,
                          String clientMessageId, String text, MediaAttachment media, Instant sentAt) {

    /** Without the text or the media's details: a message's content never reaches a log. */
    @Override
    public String toString() {
        return "MessageSent[conversationId=" + conversationId + ", messageId=" + messageId + ", seq=" + seq
                + ", senderId=" + senderId + "]";
    }
}
