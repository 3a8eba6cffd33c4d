package io.parley.api.conversation;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

public record MessageId(@JsonValue String value) {

    public MessageId {
        Objects.requireNonNull(value, "value");
    }

    @JsonCreator
    public static MessageId of(String value) {
        return new MessageId(value);
    }

    /** A message's id follows from its place, so it need not be remembered next to the seq. */
    public static MessageId at(ConversationId conversationId, long seq) {
        return new MessageId(UUID.nameUUIDFromBytes(("parley:message:" + conversationId.value() + ":" + seq)
                .getBytes(StandardCharsets.UTF_8)).toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
