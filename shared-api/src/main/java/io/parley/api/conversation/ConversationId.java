package io.parley.api.conversation;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.parley.api.account.UserId;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

public record ConversationId(@JsonValue String value) {

    public ConversationId {
        Objects.requireNonNull(value, "value");
    }

    @JsonCreator
    public static ConversationId of(String value) {
        return new ConversationId(value);
    }

    public static ConversationId newGroup() {
        return new ConversationId(UUID.randomUUID().toString());
    }

    /** The one direct conversation of a pair: the same id whichever of the two asks. */
    public static ConversationId direct(UserId one, UserId other) {
        String low = one.value().compareTo(other.value()) <= 0 ? one.value() : other.value();
        String high = low.equals(one.value()) ? other.value() : one.value();
        return new ConversationId(UUID.nameUUIDFromBytes(("parley:direct:" + low + ":" + high)
                .getBytes(StandardCharsets.UTF_8)).toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
