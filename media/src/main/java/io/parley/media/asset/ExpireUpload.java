package io.parley.media.asset;

import io.parley.api.media.MediaId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Expires the session if it is still pending and past its time; answers whether it did. */
public record ExpireUpload(@TargetAggregateIdentifier MediaId mediaId) {
}
