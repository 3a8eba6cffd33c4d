package io.parley.api.conversation;

import io.parley.api.account.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A member left a group ({@code removedBy} equals {@code userId}) or was removed by an admin. */
@Revision("1")
public record MemberRemoved(ConversationId conversationId, UserId removedBy, UserId userId, Instant removedAt) {
}
