package io.parley.api.conversation;

import io.parley.api.account.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** {@code userId} declined the message request of {@code requester} on their direct conversation. */
@Revision("1")
public record MessageRequestDeclined(ConversationId conversationId, UserId userId, UserId requester,
                                     Instant declinedAt) {
}
