package io.parley.api.account;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;
import java.util.regex.Pattern;

/** A login name: 3 to 32 of {@code a-z 0-9 _ .}, compared case-insensitively (stored lower case). */
public record Username(@JsonValue String value) {

    private static final Pattern VALID = Pattern.compile("[a-z0-9_.]{3,32}");

    public Username {
        if (value == null || !VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("username must be 3 to 32 characters of a-z, 0-9, '_' or '.'");
        }
    }

    @JsonCreator
    public static Username of(String raw) {
        return new Username(raw == null ? null : raw.trim().toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return value;
    }
}
