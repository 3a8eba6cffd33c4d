package io.parley.api.conversation;

/**
 * Asks the read model what a reply to the message at {@code seq} quotes. Answers an {@code Optional<Quote>}: empty
 * while the message is not in the read model.
 */
public record GetQuote(ConversationId conversationId, long seq) {
}
