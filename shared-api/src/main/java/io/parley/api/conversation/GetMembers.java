package io.parley.api.conversation;

/**
 * Who is in a conversation now, as the write model knows it (authoritative, not eventually consistent).
 * Answers {@link ConversationMembers}. For services that must authorize pushes, like the realtime gateway.
 */
public record GetMembers(ConversationId conversationId) {
}
