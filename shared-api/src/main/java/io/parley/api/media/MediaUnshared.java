package io.parley.api.media;

import io.parley.api.conversation.ConversationId;
import io.parley.api.conversation.MessageId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A message that carried the media was deleted for everyone: it no longer refers to the media. */
@Revision("1")
public record MediaUnshared(MediaId mediaId, ConversationId conversationId, MessageId messageId, Instant at) {
}
