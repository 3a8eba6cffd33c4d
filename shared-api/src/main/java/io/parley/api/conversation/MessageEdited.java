package io.parley.api.conversation;

import io.parley.api.account.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The message at {@code seq} now reads {@code text}. Every version stays in the event store (analysts see them);
 * members see the latest. {@code change}: see {@link ReactionSet}.
 */
@Revision("1")
public record MessageEdited(ConversationId conversationId, long seq, UserId editedBy, String text, long change,
                            Instant editedAt) {

    /** Without the text: a message's content never reaches a log. */
    @Override
    public String toString() {
        return "MessageEdited[conversationId=" + conversationId + ", seq=" + seq + ", editedBy=" + editedBy
                + ", change=" + change + "]";
    }
}
