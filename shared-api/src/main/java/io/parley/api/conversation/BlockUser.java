package io.parley.api.conversation;

import io.parley.api.account.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * {@code blockedBy} blocks {@code userId}: recorded on the two users' direct conversation (whether or not they ever
 * talked), which then takes no messages either way and cannot be opened by the blocked user; nor can the blocked user
 * add the blocker to a group. Blocking again changes nothing.
 */
public record BlockUser(@TargetAggregateIdentifier ConversationId conversationId, UserId blockedBy, UserId userId) {

    public static BlockUser of(UserId blockedBy, UserId userId) {
        return new BlockUser(ConversationId.direct(blockedBy, userId), blockedBy, userId);
    }
}
