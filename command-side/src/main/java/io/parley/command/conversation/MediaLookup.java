package io.parley.command.conversation;

import io.parley.api.media.MediaAttachment;
import io.parley.api.media.MediaId;

/**
 * What the media module said about a send's {@code mediaId}, asked before the conversation is loaded
 * ({@link LookupBeforeLoading}) and carried to the {@code SendMessage} handler in the command's metadata: the
 * aggregate decides with these facts and asks no one while it holds its lock.
 *
 * @param attachment the sender's own verified media, or null when it may not be attached
 * @param unavailable why the media module could not answer, or null when it did
 */
record MediaLookup(MediaId mediaId, MediaAttachment attachment, String unavailable) {

    /** The metadata key of the lookup on a {@code SendMessage} command. */
    static final String KEY = "parley.mediaLookup";

    static MediaLookup attachable(MediaAttachment attachment) {
        return new MediaLookup(attachment.mediaId(), attachment, null);
    }

    static MediaLookup notAttachable(MediaId mediaId) {
        return new MediaLookup(mediaId, null, null);
    }

    static MediaLookup unavailable(MediaId mediaId, String why) {
        return new MediaLookup(mediaId, null, why);
    }
}
