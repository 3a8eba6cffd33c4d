package io.parley.api.conversation;

import io.parley.api.account.UserId;
import io.parley.api.media.MediaAttachment;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * A message is stored at {@code seq}, the conversation's next position (gapless, from 1). {@code replyTo} (revision
 * 2): the message it answers, as quoted when it was sent; null for a message that answers none.
 */
@Revision("2")
public record MessageSent(ConversationId conversationId, MessageId messageId, long seq, UserId senderId,
                          String clientMessageId, String text, MediaAttachment media, Instant sentAt, Quote replyTo) {

    public MessageSent(ConversationId conversationId, MessageId messageId, long seq, UserId senderId,
                       String clientMessageId, String text, MediaAttachment media, Instant sentAt) {
        this(conversationId, messageId, seq, senderId, clientMessageId, text, media, sentAt, null);
    }
}
