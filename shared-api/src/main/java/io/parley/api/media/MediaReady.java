package io.parley.api.media;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** Processing is done; {@code thumbnailKey} is where the thumbnail is stored, or {@code null} when there is none. */
@Revision("1")
public record MediaReady(MediaId mediaId, String thumbnailKey, Instant readyAt) {
}
