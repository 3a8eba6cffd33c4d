package io.parley.api.conversation;

import io.parley.api.account.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The group has a new invite link; the one before no longer works. Only the token's hash is kept. */
@Revision("1")
public record InviteLinkCreated(ConversationId conversationId, UserId createdBy, String tokenHash,
                                Instant createdAt) {

    /** Without the hash. */
    @Override
    public String toString() {
        return "InviteLinkCreated[conversationId=" + conversationId + ", createdBy=" + createdBy + "]";
    }
}
