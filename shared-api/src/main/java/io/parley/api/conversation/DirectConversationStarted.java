package io.parley.api.conversation;

import io.parley.api.account.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

@Revision("1")
public record DirectConversationStarted(ConversationId conversationId, UserId startedBy, List<UserId> members,
                                        Instant startedAt) {
}
