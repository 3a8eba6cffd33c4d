package io.parley.api.conversation;

import io.parley.api.account.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * {@code userId} declined the invitation of {@code invitedBy} into the group ({@link GroupInvitationsOpened}): they
 * never were a member, and the group's members are not told (as with a WhatsApp group invitation that is not taken up).
 */
@Revision("1")
public record GroupInvitationDeclined(ConversationId conversationId, UserId userId, UserId invitedBy,
                                      Instant declinedAt) {
}
