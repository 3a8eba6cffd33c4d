package io.parley.api.account;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A device's session ended: its refresh tokens no longer work. */
@Revision("1")
public record DeviceSessionRevoked(UserId userId, String deviceId, Reason reason, Instant revokedAt) {

    public enum Reason {
        /** The user logged out on that device. */
        LOGOUT,
        /** A refresh token that had already been rotated was presented again: it may have been stolen. */
        REFRESH_TOKEN_REUSED
    }
}
