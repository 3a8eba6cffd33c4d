package io.parley.api.media;

import io.parley.api.account.UserId;
import io.parley.api.conversation.ConversationId;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/**
 * The media module's own record of who is in a conversation, kept from the conversation's membership events so
 * that downloads can be authorized without reading the conversation's (long) history. {@code throughSequence} is
 * the conversation event's sequence number this change reflects, which makes re-delivered events no-ops.
 */
@Revision("1")
public record MediaAudienceChanged(ConversationId conversationId, List<UserId> joined, List<UserId> left,
                                   long throughSequence, Instant changedAt) {
}
