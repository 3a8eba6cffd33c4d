package io.parley.api.conversation;

import io.parley.api.account.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * {@code userId} reacted to the message at {@code seq} with {@code emoji}, in place of any earlier reaction of theirs.
 * {@code change}: the conversation's count of message changes (reactions, edits, deletions), from 1, gapless.
 * {@code replaced}: the member's earlier reaction to it, for clients that keep counts; null when there was none, or when
 * it is too old for the conversation to remember (see the protocol).
 */
@Revision("1")
public record ReactionSet(ConversationId conversationId, long seq, UserId userId, String emoji, String replaced,
                          long change, Instant at) {
}
