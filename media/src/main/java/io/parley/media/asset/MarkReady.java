package io.parley.media.asset;

import io.parley.api.media.MediaId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Processing finished; {@code thumbnailKey} is {@code null} when no thumbnail was made. */
public record MarkReady(@TargetAggregateIdentifier MediaId mediaId, String thumbnailKey) {
}
