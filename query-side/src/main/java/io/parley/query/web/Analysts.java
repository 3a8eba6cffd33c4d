package io.parley.query.web;

import io.parley.platform.auth.Caller;
import io.parley.api.problem.Rejection;

/** The analyst role, granted by configuration at login and carried in the access token. */
public final class Analysts {

    public static final String ROLE = "analyst";

    private Analysts() {
    }

    public static void require(Caller caller) {
        if (!caller.hasRole(ROLE)) {
            throw Rejection.NOT_AN_ANALYST.exception("This needs the analyst role");
        }
    }
}
