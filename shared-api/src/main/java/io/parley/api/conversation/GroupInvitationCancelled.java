package io.parley.api.conversation;

import io.parley.api.account.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The group admin {@code cancelledBy} withdrew the invitation {@code invitedBy} gave {@code userId}
 * ({@link GroupInvitationsOpened}) before they answered it: they never were a member, and have nothing left to accept.
 */
@Revision("1")
public record GroupInvitationCancelled(ConversationId conversationId, UserId userId, UserId invitedBy,
                                       UserId cancelledBy, Instant cancelledAt) {
}
