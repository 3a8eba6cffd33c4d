package io.parley.api.media;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The virus scanner found {@code signature} in the media's bytes: it failed for good, is never attachable, and its
 * object is removed from storage.
 */
@Revision("1")
public record MediaInfected(MediaId mediaId, String signature, String scanner, Instant detectedAt) {
}
