package io.parley.query.sync;

import io.parley.api.problem.Rejection;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque cursor of a user's sync feed: the number of the last change the client has ({@code s1}). While the
 * current state is handed out a page at a time, the cursor is that number, taken before the first page, and the
 * id of the last conversation given ({@code s2}).
 */
record SyncCursor(long n, String afterConversation) {

    private static final String CHANGES = "s1:";
    private static final String STATE = "s2:";

    boolean inState() {
        return afterConversation != null;
    }

    static String encode(long n) {
        return base64(CHANGES + n);
    }

    static String encodeState(long n, String afterConversation) {
        return base64(STATE + n + ":" + afterConversation);
    }

    static SyncCursor decode(String cursor) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (plain.startsWith(CHANGES)) {
                return valid(Long.parseLong(plain.substring(CHANGES.length())), null);
            }
            if (plain.startsWith(STATE)) {
                String[] parts = plain.substring(STATE.length()).split(":", 2);
                if (parts.length == 2 && !parts[1].isEmpty()) {
                    return valid(Long.parseLong(parts[0]), parts[1]);
                }
            }
        } catch (IllegalArgumentException malformed) {
            // answered below
        }
        throw invalid();
    }

    private static SyncCursor valid(long n, String afterConversation) {
        if (n < 0) {
            throw invalid();
        }
        return new SyncCursor(n, afterConversation);
    }

    private static RuntimeException invalid() {
        return Rejection.CURSOR_INVALID.exception("Not a sync cursor; sync again without one");
    }

    private static String base64(String plain) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }
}
