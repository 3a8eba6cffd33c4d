package io.parley.api.media;

import io.parley.api.conversation.ConversationId;
import io.parley.api.conversation.MessageId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The media was sent in a conversation for the first time: its members may download it from here on. */
@Revision("1")
public record MediaShared(MediaId mediaId, ConversationId conversationId, MessageId messageId, Instant sharedAt) {
}
