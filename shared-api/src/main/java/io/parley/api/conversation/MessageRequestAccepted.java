package io.parley.api.conversation;

import io.parley.api.account.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * {@code userId} accepted the message request of {@code requester} on their direct conversation: explicitly
 * ({@link AcceptMessageRequest}) or by sending a message in it (whose {@link MessageSent} comes right after).
 */
@Revision("1")
public record MessageRequestAccepted(ConversationId conversationId, UserId userId, UserId requester,
                                     Instant acceptedAt) {
}
