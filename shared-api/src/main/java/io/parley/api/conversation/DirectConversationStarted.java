package io.parley.api.conversation;

import io.parley.api.account.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/**
 * {@code request}: the chat reached the other member as a message request, whose {@link MessageRequestOpened} follows
 * in the same unit of work. Said here too, so that a reader that applies events one at a time never holds the two as
 * members without their request (the gateway's presence would show them to each other for a moment). False in
 * revision 1 events, from before it: their request is known from the next event only.
 */
@Revision("2")
public record DirectConversationStarted(ConversationId conversationId, UserId startedBy, List<UserId> members,
                                        Instant startedAt, boolean request) {

    public DirectConversationStarted(ConversationId conversationId, UserId startedBy, List<UserId> members,
                                     Instant startedAt) {
        this(conversationId, startedBy, members, startedAt, false);
    }

    /** The member who did not start it: the one a request reaches. */
    public UserId peer() {
        return members.stream().filter(member -> !member.equals(startedBy)).findFirst().orElse(startedBy);
    }
}
