package io.parley.api.account;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/**
 * A user's identity. Derived from the normalized username, so that the event store's own uniqueness of
 * aggregate identifiers is what keeps usernames unique, even under concurrent registrations.
 */
public record UserId(@JsonValue String value) {

    public UserId {
        Objects.requireNonNull(value, "value");
    }

    @JsonCreator
    public static UserId of(String value) {
        return new UserId(value);
    }

    public static UserId forUsername(Username username) {
        return new UserId(UUID.nameUUIDFromBytes(("parley:user:" + username.value()).getBytes(StandardCharsets.UTF_8)).toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
