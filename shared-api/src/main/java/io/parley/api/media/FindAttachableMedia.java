package io.parley.api.media;

import io.parley.api.account.UserId;

/**
 * Asks for the attachment metadata of a media that {@code ownerId} uploaded and that is verified (uploaded or
 * ready). Answers an {@code Optional<MediaAttachment>}: empty for unknown media, someone else's, or one that is not
 * (or no longer) attachable.
 */
public record FindAttachableMedia(MediaId mediaId, UserId ownerId) {
}
