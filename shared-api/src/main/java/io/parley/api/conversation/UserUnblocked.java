package io.parley.api.conversation;

import io.parley.api.account.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** {@code unblockedBy} took back their block of {@code userId} (see {@link UserBlocked}). */
@Revision("1")
public record UserUnblocked(ConversationId conversationId, UserId unblockedBy, UserId userId, Instant unblockedAt) {
}
