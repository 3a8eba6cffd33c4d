package io.parley.query.admin;

import org.axonframework.eventhandling.TrackingToken;

/** Where a tracking token stands in the event stream, as the admin shows it. */
final class TokenPositions {

    private TokenPositions() {
    }

    /** The token's global position; -1 when there is no token (an empty store, an unclaimed segment) or it has none. */
    static long of(TrackingToken token) {
        return token == null ? -1 : token.position().orElse(-1);
    }
}
