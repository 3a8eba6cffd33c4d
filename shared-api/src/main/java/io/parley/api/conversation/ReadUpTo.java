package io.parley.api.conversation;

import io.parley.api.account.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * A member's read watermark moved up to {@code seq}. Read implies delivered: the member's delivered
 * watermark is at least {@code seq} from here on, with no separate {@link DeliveredUpTo}.
 */
@Revision("1")
public record ReadUpTo(ConversationId conversationId, UserId userId, long seq, Instant at) {
}
