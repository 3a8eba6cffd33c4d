package io.parley.api.media;

import io.parley.api.account.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * An upload session is open: the owner may put the bytes at {@code storageKey} until {@code expiresAt}. A multipart
 * upload has an {@code uploadId} and {@code totalParts} parts of {@code partSize} bytes (the last one shorter); a
 * single upload has neither ({@code null}, 0, 1). {@code fileName} is what the client called it, for display only.
 */
@Revision("1")
public record MediaUploadStarted(MediaId mediaId, UserId ownerId, String mediaType, String fileName,
                                 String declaredContentType, long declaredSize, String storageKey, String uploadId,
                                 long partSize, int totalParts, Instant expiresAt, Instant startedAt) {
}
