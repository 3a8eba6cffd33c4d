package io.parley.media.asset;

import io.parley.api.media.MediaId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record MarkProcessingFailed(@TargetAggregateIdentifier MediaId mediaId, String reason) {
}
