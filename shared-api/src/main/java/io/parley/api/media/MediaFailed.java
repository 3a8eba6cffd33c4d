package io.parley.api.media;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The upload was refused on verification (its object is deleted) or could not be processed; final. */
@Revision("1")
public record MediaFailed(MediaId mediaId, String reason, Instant failedAt) {
}
