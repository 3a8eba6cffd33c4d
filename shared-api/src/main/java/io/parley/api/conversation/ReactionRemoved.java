package io.parley.api.conversation;

import io.parley.api.account.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * {@code userId} took back their reaction to the message at {@code seq}. {@code replaced} and {@code change}: see
 * {@link ReactionSet}.
 */
@Revision("1")
public record ReactionRemoved(ConversationId conversationId, long seq, UserId userId, String replaced, long change,
                              Instant at) {
}
