package io.parley.api.query;

import io.parley.api.media.MediaAttachment;

import java.time.Instant;

/**
 * A stored message: text or media metadata. {@code status} is set only on the asking member's own messages
 * in a history page: delivered and read mean by every other member.
 */
public record MessageView(String conversationId, String messageId, long seq, String senderId, String text,
                          MediaAttachment media, Instant sentAt, MessageStatus status) {

    /** Without the text or the media's details: a message's content never reaches a log. */
    @Override
    public String toString() {
        return "MessageView[conversationId=" + conversationId + ", messageId=" + messageId + ", seq=" + seq + "]";
    }
}
