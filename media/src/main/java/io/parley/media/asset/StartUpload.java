package io.parley.media.asset;

import io.parley.api.account.UserId;
import io.parley.api.media.MediaId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Opens an upload session, already validated and with its storage prepared (a multipart upload initiated). */
public record StartUpload(@TargetAggregateIdentifier MediaId mediaId, UserId ownerId, String mediaType,
                          String fileName, String declaredContentType, long declaredSize, String storageKey,
                          String uploadId, long partSize, int totalParts, Instant expiresAt) {
}
