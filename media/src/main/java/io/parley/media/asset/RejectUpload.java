package io.parley.media.asset;

import io.parley.api.account.UserId;
import io.parley.api.media.MediaId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The owner completed the upload but the object failed verification. Answers the {@link MediaStatus} after it. */
public record RejectUpload(@TargetAggregateIdentifier MediaId mediaId, UserId requestedBy, String reason) {
}
