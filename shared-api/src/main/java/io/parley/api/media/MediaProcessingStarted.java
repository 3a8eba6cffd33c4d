package io.parley.api.media;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * Verified bytes are in storage and are being processed (virus scan when a scanner is configured, thumbnail): the
 * media is not attachable until {@link MediaReady}.
 */
@Revision("1")
public record MediaProcessingStarted(MediaId mediaId, Instant startedAt) {
}
