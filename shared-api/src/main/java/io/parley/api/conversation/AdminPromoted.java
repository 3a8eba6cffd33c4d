package io.parley.api.conversation;

import io.parley.api.account.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A group admin made a member an admin (compare {@link AdminAppointed}, which the group does by itself). */
@Revision("1")
public record AdminPromoted(ConversationId conversationId, UserId promotedBy, UserId userId, Instant promotedAt) {
}
