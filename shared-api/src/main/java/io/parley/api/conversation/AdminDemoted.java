package io.parley.api.conversation;

import io.parley.api.account.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A group admin made an admin a plain member again. */
@Revision("1")
public record AdminDemoted(ConversationId conversationId, UserId demotedBy, UserId userId, Instant demotedAt) {
}
