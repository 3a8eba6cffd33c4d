package io.parley.api.query;

import io.parley.api.media.MediaAttachment;

import java.time.Instant;

/**
 * A stored message: text or media metadata. {@code status} is set only on the asking member's own messages
 * in a history page: delivered and read mean by every other member.
 */
public record MessageView(String conversationId, String messageId, long seq, String senderId, String text,
                          MediaAttachment media, Instant sentAt, MessageStatus status) {
}
