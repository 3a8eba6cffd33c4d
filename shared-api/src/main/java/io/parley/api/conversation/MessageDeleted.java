package io.parley.api.conversation;

import io.parley.api.account.UserId;
import io.parley.api.media.MediaId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The message at {@code seq} is deleted for everyone: members see a tombstone; its text, media and reactions leave
 * the read models. {@code change}: see {@link ReactionSet}. {@code mediaId}: the media the message carried, as the read
 * model knew it when it was deleted (null: none, or not known yet), which the media service then lets go of.
 */
@Revision("1")
public record MessageDeleted(ConversationId conversationId, long seq, UserId deletedBy, long change,
                             Instant deletedAt, MediaId mediaId) {

    public MessageDeleted(ConversationId conversationId, long seq, UserId deletedBy, long change, Instant deletedAt) {
        this(conversationId, seq, deletedBy, change, deletedAt, null);
    }
}
