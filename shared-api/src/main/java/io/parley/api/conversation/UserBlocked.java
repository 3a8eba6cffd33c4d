package io.parley.api.conversation;

import io.parley.api.account.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * {@code blockedBy} blocked {@code userId}, on their direct conversation {@code conversationId} (the first event of
 * its stream when they never talked: no conversation appears for that).
 */
@Revision("1")
public record UserBlocked(ConversationId conversationId, UserId blockedBy, UserId userId, Instant blockedAt) {
}
