package io.parley.api.conversation;

import io.parley.api.account.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * {@code userId} accepts the message request of the direct conversation someone else started with them: it becomes a
 * normal chat (receipts, presence and typing shared). Accepting a chat that is no request (any more) changes nothing.
 * Of a group, it accepts the caller's invitation ({@link GroupInvitationsOpened}): they become a member.
 */
public record AcceptMessageRequest(@TargetAggregateIdentifier ConversationId conversationId, UserId userId) {
}
