package io.parley.api.conversation;

import io.parley.api.account.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/**
 * Users joined a group; {@code userIds} are only the ones that were not members before. When {@code addedBy} is
 * among them, the user joined by the group's invite link ({@link JoinByInviteLink}).
 */
@Revision("1")
public record MembersAdded(ConversationId conversationId, UserId addedBy, List<UserId> userIds, Instant addedAt) {
}
