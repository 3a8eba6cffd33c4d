package io.parley.api.media;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;

public record MediaId(@JsonValue String value) {

    public MediaId {
        Objects.requireNonNull(value, "value");
    }

    @JsonCreator
    public static MediaId of(String value) {
        return new MediaId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
