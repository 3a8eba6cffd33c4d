package io.parley.command.account;

import io.parley.api.account.Username;
import io.parley.api.problem.Rejection;

import java.util.Optional;

/**
 * What a display name may be: up to {@value #MAX_LENGTH} characters with at least one visible one, and none that
 * could pass for someone else or reorder the text around it: control characters, bidirectional embeddings, overrides
 * and isolates (U+202A–U+202E, U+2066–U+2069), line and paragraph separators, lone surrogates.
 */
final class DisplayNames {

    static final int MAX_LENGTH = 64;

    private DisplayNames() {
    }

    /** The display name, stripped, or the username when none is given; the name is one {@link #problemWith} allows. */
    static String of(String raw, Username username) {
        return raw == null ? username.value() : raw.strip();
    }

    /** What is wrong with the display name, or empty if it may be one (null too: the username stands in). */
    static Optional<String> problemWith(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String name = raw.strip();
        if (name.length() > MAX_LENGTH) {
            return Optional.of("displayName must have at most " + MAX_LENGTH + " characters");
        }
        boolean visible = false;
        for (int i = 0; i < name.length(); ) {
            int c = name.codePointAt(i);
            if (forbidden(c)) {
                return Optional.of(String.format(
                        "displayName must not contain U+%04X (control, bidi or separator characters)", c));
            }
            visible |= !invisible(c);
            i += Character.charCount(c);
        }
        if (!visible) {
            return Optional.of("displayName must have a visible character (leave it out to use the username)");
        }
        return Optional.empty();
    }

    /** The aggregate's last line, for a command that did not come through registration's constraints. */
    static void requireValid(String displayName) {
        problemWith(displayName).ifPresent(problem -> {
            throw Rejection.DISPLAY_NAME_INVALID.exception(problem);
        });
    }

    private static boolean forbidden(int c) {
        int type = Character.getType(c);
        return type == Character.CONTROL || type == Character.SURROGATE || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
    }

    /** Blank to the eye: white space, zero-width and other format characters, the Hangul and braille blanks. */
    private static boolean invisible(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.getType(c) == Character.FORMAT
                || c == 0x115F || c == 0x1160 || c == 0x3164 || c == 0xFFA0 || c == 0x2800;
    }
}
