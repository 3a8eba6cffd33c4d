package io.parley.api.conversation;

import io.parley.api.account.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * {@code userId} reacted to the message at {@code seq} with {@code emoji}, in place of any earlier reaction of theirs.
 * {@code change}: the conversation's count of message changes (reactions, edits, deletions), from 1, gapless.
 */
@Revision("1")
public record ReactionSet(ConversationId conversationId, long seq, UserId userId, String emoji, long change,
                          Instant at) {
}
