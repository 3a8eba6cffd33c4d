package io.parley.query.sync;

import io.parley.api.problem.Rejection;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The opaque cursor of a user's sync feed: the number of the last change the client has. */
final class SyncCursor {

    private static final String PREFIX = "s1:";

    private SyncCursor() {
    }

    static String encode(long n) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((PREFIX + n).getBytes(StandardCharsets.US_ASCII));
    }

    static long decode(String cursor) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            if (plain.startsWith(PREFIX)) {
                long n = Long.parseLong(plain.substring(PREFIX.length()));
                if (n >= 0) {
                    return n;
                }
            }
        } catch (IllegalArgumentException malformed) {
            // answered below
        }
        throw Rejection.CURSOR_INVALID.exception("Not a sync cursor; sync again without one");
    }
}
