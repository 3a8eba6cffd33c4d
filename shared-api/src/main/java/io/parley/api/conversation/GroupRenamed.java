package io.parley.api.conversation;

import io.parley.api.account.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A group admin renamed the group. */
@Revision("1")
public record GroupRenamed(ConversationId conversationId, UserId renamedBy, String title, Instant renamedAt) {
}
