package io.parley.api.conversation;

import io.parley.api.account.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * {@code userId} accepted the invitation of {@code invitedBy} into the group ({@link GroupInvitationsOpened}); the
 * {@link MembersAdded} that makes them a member comes right after.
 */
@Revision("1")
public record GroupInvitationAccepted(ConversationId conversationId, UserId userId, UserId invitedBy,
                                      Instant acceptedAt) {
}
