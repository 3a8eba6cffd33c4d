package io.parley.media.asset;

import io.parley.api.media.MediaId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The scanner found {@code signature} in the media's bytes. */
public record MarkInfected(@TargetAggregateIdentifier MediaId mediaId, String signature, String scanner) {
}
