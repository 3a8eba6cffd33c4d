package io.parley.api.media;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The bytes are in storage and verified: {@code size} as declared, {@code contentType} as sniffed from the content
 * (not as claimed), {@code checksum} the storage's ETag of the object. {@code storageKey} is where the verified bytes
 * are: a copy of the upload that no client ever had a URL for, so that they cannot be replaced ({@code null} in
 * events from before such copies: the bytes stayed at the session's key).
 */
@Revision("2")
public record MediaUploaded(MediaId mediaId, String contentType, long size, String checksum, Instant uploadedAt,
                            String storageKey) {
}
