package io.parley.api.conversation;

import io.parley.api.account.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The direct conversation {@code requester} just started reached {@code userId} as a message request (right after its
 * {@link DirectConversationStarted}, which says so too since its revision 2): until {@code userId} accepts, no receipts of theirs are recorded and neither
 * presence nor typing is shared between the two.
 */
@Revision("1")
public record MessageRequestOpened(ConversationId conversationId, UserId userId, UserId requester, Instant openedAt) {
}
