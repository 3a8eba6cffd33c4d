package io.parley.api.conversation;

import io.parley.api.account.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A group admin changed the group's description ({@code ""}: cleared it). */
@Revision("1")
public record GroupDescribed(ConversationId conversationId, UserId describedBy, String description,
                             Instant describedAt) {
}
