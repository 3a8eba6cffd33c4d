package io.parley.api.conversation;

import io.parley.api.account.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A member's delivered watermark moved up to {@code seq}. */
@Revision("1")
public record DeliveredUpTo(ConversationId conversationId, UserId userId, long seq, Instant at) {
}
