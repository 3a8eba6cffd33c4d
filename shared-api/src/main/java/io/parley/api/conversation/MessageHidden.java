package io.parley.api.conversation;

import io.parley.api.account.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** {@code userId} deleted the message at {@code seq} for themselves: it leaves their history only. */
@Revision("1")
public record MessageHidden(ConversationId conversationId, long seq, UserId userId, Instant at) {
}
