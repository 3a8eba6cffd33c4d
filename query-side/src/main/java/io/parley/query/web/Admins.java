package io.parley.query.web;

import io.parley.platform.auth.Caller;
import io.parley.api.problem.Rejection;

/**
 * The admin role of the server (backup, the projections' progress and replay), granted by configuration at login
 * ({@code parley.jwt.admins}) and carried in the access token. Not a group's admin.
 */
public final class Admins {

    public static final String ROLE = "admin";

    private Admins() {
    }

    public static void require(Caller caller) {
        if (!caller.hasRole(ROLE)) {
            throw Rejection.NOT_A_PARLEY_ADMIN.exception("This needs the admin role");
        }
    }
}
