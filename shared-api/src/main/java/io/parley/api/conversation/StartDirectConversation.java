package io.parley.api.conversation;

import io.parley.api.account.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Opens the direct conversation of two users, or returns the existing one; answers its {@link ConversationId}. */
public record StartDirectConversation(@TargetAggregateIdentifier ConversationId conversationId, UserId requestedBy,
                                      UserId peer) {

    public static StartDirectConversation between(UserId requestedBy, UserId peer) {
        return new StartDirectConversation(ConversationId.direct(requestedBy, peer), requestedBy, peer);
    }
}
