package io.parley.api.conversation;

import io.parley.api.account.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/** A group exists; {@code members} includes the creator, who is its admin. */
@Revision("1")
public record GroupCreated(ConversationId conversationId, String title, UserId createdBy, List<UserId> members,
                           Instant createdAt) {
}
