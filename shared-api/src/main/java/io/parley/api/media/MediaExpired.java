package io.parley.api.media;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The upload session ran out before it was completed; whatever was uploaded is removed. Final. */
@Revision("1")
public record MediaExpired(MediaId mediaId, Instant expiredAt) {
}
