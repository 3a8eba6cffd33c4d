package io.parley.api.media;

import io.parley.api.account.UserId;
import io.parley.api.conversation.ConversationId;

/**
 * Asks for the attachment metadata of a media that was shared in {@code fromConversationId}, where {@code userId} is a
 * member, to forward it elsewhere without uploading it again. Answers an {@code Optional<MediaAttachment>}: empty for
 * unknown media, media not shared there (or no longer verified), or a user outside that conversation.
 */
public record FindForwardableMedia(MediaId mediaId, ConversationId fromConversationId, UserId userId) {
}
