package io.parley.api.conversation;

import io.parley.api.account.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A group admin creates the group's invite link, replacing the one before. Only the hash of the link's token
 * ({@link InviteTokens#hash}) travels: the token itself is shown once, to the admin, and stored nowhere.
 */
public record CreateInviteLink(@TargetAggregateIdentifier ConversationId conversationId, UserId createdBy,
                               String tokenHash) {
}
