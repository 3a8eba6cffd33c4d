package io.parley.api.conversation;

import io.parley.api.account.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** {@code unblockedBy} takes back their block of {@code userId}; unblocking someone not blocked changes nothing. */
public record UnblockUser(@TargetAggregateIdentifier ConversationId conversationId, UserId unblockedBy, UserId userId) {

    public static UnblockUser of(UserId unblockedBy, UserId userId) {
        return new UnblockUser(ConversationId.direct(unblockedBy, userId), unblockedBy, userId);
    }
}
