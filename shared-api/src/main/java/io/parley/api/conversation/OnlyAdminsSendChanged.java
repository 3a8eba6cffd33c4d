package io.parley.api.conversation;

import io.parley.api.account.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A group admin let only admins send messages ({@code onlyAdminsSend}), or everyone again. */
@Revision("1")
public record OnlyAdminsSendChanged(ConversationId conversationId, UserId changedBy, boolean onlyAdminsSend,
                                   Instant changedAt) {
}
