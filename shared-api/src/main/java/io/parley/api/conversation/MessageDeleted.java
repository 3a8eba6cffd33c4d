package io.parley.api.conversation;

import io.parley.api.account.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The message at {@code seq} is deleted for everyone: members see a tombstone; its text, media and reactions leave
 * the read models. {@code change}: see {@link ReactionSet}.
 */
@Revision("1")
public record MessageDeleted(ConversationId conversationId, long seq, UserId deletedBy, long change,
                             Instant deletedAt) {
}
