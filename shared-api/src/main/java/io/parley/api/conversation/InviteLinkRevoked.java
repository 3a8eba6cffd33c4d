package io.parley.api.conversation;

import io.parley.api.account.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The group's invite link no longer works. */
@Revision("1")
public record InviteLinkRevoked(ConversationId conversationId, UserId revokedBy, Instant revokedAt) {
}
