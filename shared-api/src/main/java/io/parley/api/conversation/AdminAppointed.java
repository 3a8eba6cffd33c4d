package io.parley.api.conversation;

import io.parley.api.account.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A member became a group admin: when the last admin leaves, the longest-standing member takes over. */
@Revision("1")
public record AdminAppointed(ConversationId conversationId, UserId userId, Instant appointedAt) {
}
