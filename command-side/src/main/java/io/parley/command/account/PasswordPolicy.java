package io.parley.command.account;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a new password must be: at least {@value #MIN_LENGTH} characters, at most {@value #MAX_BYTES} bytes (all that
 * BCrypt reads), and none of the most common passwords of that length ({@code common-passwords.txt}, compared
 * ignoring case). Registration's {@link StrongPassword} and {@link HashablePassword} ask it.
 */
final class PasswordPolicy {

    static final int MIN_LENGTH = 10;
    static final int MAX_BYTES = 72;
    static final String TOO_LONG = "password must have at most " + MAX_BYTES + " bytes";
    private static final String COMMON_PASSWORDS = "common-passwords.txt";

    private final Set<String> common;

    private PasswordPolicy(Set<String> common) {
        this.common = common;
    }

    static PasswordPolicy withCommonPasswordsList() {
        try (InputStream in = PasswordPolicy.class.getResourceAsStream(COMMON_PASSWORDS)) {
            if (in == null) {
                throw new IllegalStateException(COMMON_PASSWORDS + " is missing from the classpath");
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            return new PasswordPolicy(lines.lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .map(line -> line.toLowerCase(Locale.ROOT))
                    .collect(Collectors.toUnmodifiableSet()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Why the password is too weak (too short, or one of the most common ones), or empty if it is strong enough. */
    Optional<String> weakness(String password) {
        if (password == null || password.codePointCount(0, password.length()) < MIN_LENGTH) {
            return Optional.of("password must have at least " + MIN_LENGTH + " characters");
        }
        if (common.contains(password.toLowerCase(Locale.ROOT))) {
            return Optional.of("this password is one of the most common ones: choose another");
        }
        return Optional.empty();
    }

    /** Whether the hash reads all of the password (null: nothing to hash, nothing cut off). */
    static boolean hashable(String password) {
        return password == null || password.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES;
    }
}
