package io.parley.media.asset;

import io.parley.api.conversation.ConversationId;
import io.parley.api.conversation.MessageId;
import io.parley.api.media.MediaId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A message carrying the media was deleted for everyone. */
public record WithdrawShare(@TargetAggregateIdentifier MediaId mediaId, ConversationId conversationId,
                            MessageId messageId) {
}
