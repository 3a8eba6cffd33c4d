package io.parley.platform.auth;

import io.parley.api.account.UserId;

import java.util.Set;

/** Who is calling, as proven by a verified access token. */
public record Caller(UserId userId, String deviceId, Set<String> roles) {

    /** The request attribute under which the security chain leaves the caller of a request it
     * authenticated ({@link CallerAttributeFilter}); controllers take it as a {@code @RequestAttribute}. */
    public static final String REQUEST_ATTRIBUTE = "parley.caller";

    public Caller {
        roles = Set.copyOf(roles);
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }
}
