package io.parley.api.conversation;

/**
 * Asks the read model which media the message at {@code seq} carries. Answers an {@code Optional<MediaId>}: empty for
 * a message without media, or one not in the read model (yet).
 */
public record FindMessageMedia(ConversationId conversationId, long seq) {
}
