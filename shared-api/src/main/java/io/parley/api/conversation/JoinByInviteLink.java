package io.parley.api.conversation;

import io.parley.api.account.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A user joins a group through its invite link. The group checks the token's hash against its current link's; the
 * join is stored as {@link MembersAdded} with the user as {@code addedBy}.
 */
public record JoinByInviteLink(@TargetAggregateIdentifier ConversationId conversationId, UserId userId,
                               String tokenHash) {

    /** Without the hash. */
    @Override
    public String toString() {
        return "JoinByInviteLink[conversationId=" + conversationId + ", userId=" + userId + "]";
    }
}
