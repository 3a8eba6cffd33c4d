package io.parley.api.conversation;

import io.parley.api.account.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/**
 * {@code invitedBy} put users into the group titled {@code title} who never talked with them (see
 * {@link MessageRequestOpened}): instead of joining, each of {@code userIds} gets a group invitation request to accept
 * ({@link AcceptMessageRequest}) or decline ({@link DeclineMessageRequest}). Until then they are no members: nothing of
 * the group reaches them and no presence or typing is shared because of it. {@code atCreation}: opened by the group's
 * creation (right after its {@link GroupCreated}), so the users count among the members the creation asked for.
 */
@Revision("1")
public record GroupInvitationsOpened(ConversationId conversationId, UserId invitedBy, List<UserId> userIds,
                                     String title, boolean atCreation, Instant openedAt) {
}
