package io.parley.api.media;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The bytes are in storage and verified: {@code size} as declared, {@code contentType} as sniffed from the content
 * (not as claimed), {@code checksum} the storage's ETag of the object.
 */
@Revision("1")
public record MediaUploaded(MediaId mediaId, String contentType, long size, String checksum, Instant uploadedAt) {
}
