package io.parley.media.asset;

import io.parley.api.account.UserId;
import io.parley.api.media.MediaId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The owner completed the upload and the object at {@code storageKey} (a copy of the upload) passed verification.
 * Answers the {@link MediaRecord} after it: when another completion got there first, its {@code storageKey} is not
 * this one.
 */
public record RecordUpload(@TargetAggregateIdentifier MediaId mediaId, UserId requestedBy, String contentType,
                           long size, String checksum, String storageKey) {
}
