package io.parley.api.conversation;

import io.parley.api.account.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A group admin cancels the open invitation of {@code userId} ({@link GroupInvitationsOpened}) before they answer it:
 * the request leaves their list. Cancelling an invitation that was cancelled or declined already changes nothing.
 */
public record CancelGroupInvitation(@TargetAggregateIdentifier ConversationId conversationId, UserId cancelledBy,
                                    UserId userId) {
}
