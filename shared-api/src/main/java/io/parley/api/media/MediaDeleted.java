package io.parley.api.media;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * No message refers to the media any more (every one that carried it was deleted for everyone): its objects are
 * removed from storage and it cannot be downloaded or attached again.
 */
@Revision("1")
public record MediaDeleted(MediaId mediaId, Instant deletedAt) {
}
