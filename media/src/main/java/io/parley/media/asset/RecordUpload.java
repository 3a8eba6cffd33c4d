package io.parley.media.asset;

import io.parley.api.account.UserId;
import io.parley.api.media.MediaId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The owner completed the upload and the object passed verification. Answers the {@link MediaRecord} after it. */
public record RecordUpload(@TargetAggregateIdentifier MediaId mediaId, UserId requestedBy, String contentType,
                           long size, String checksum) {
}
