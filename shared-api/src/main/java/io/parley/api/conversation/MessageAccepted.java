package io.parley.api.conversation;

import java.time.Instant;

/** The answer to {@link SendMessage}, given once the message is stored. */
public record MessageAccepted(MessageId messageId, long seq, Instant sentAt) {
}
