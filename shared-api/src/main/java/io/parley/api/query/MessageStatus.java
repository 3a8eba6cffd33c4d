package io.parley.api.query;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

public enum MessageStatus {
    SENT, DELIVERED, READ;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
