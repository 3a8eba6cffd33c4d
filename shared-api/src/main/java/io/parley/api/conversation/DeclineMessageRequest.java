package io.parley.api.conversation;

import io.parley.api.account.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * {@code userId} declines the message request of the direct conversation someone else started with them: the chat
 * leaves their list and takes no more messages from the requester, until {@code userId} accepts or writes in it.
 * Declining again changes nothing; a chat that is no request to {@code userId} cannot be declined. Of a group, it
 * declines the caller's invitation ({@link GroupInvitationsOpened}): they do not join.
 */
public record DeclineMessageRequest(@TargetAggregateIdentifier ConversationId conversationId, UserId userId) {
}
