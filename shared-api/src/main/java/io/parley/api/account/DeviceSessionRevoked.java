package io.parley.api.account;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * A device's session ended: its refresh tokens no longer work, and every service refuses the access tokens of
 * {@code sessionId} from now on (null in revision 1 events and for sessions started before sessions had ids).
 */
@Revision("2")
public record DeviceSessionRevoked(UserId userId, String deviceId, Reason reason, Instant revokedAt, String sessionId) {

    public enum Reason {
        /** The user logged out on that device. */
        LOGOUT,
        /** A refresh token that had already been rotated was presented again: it may have been stolen. */
        REFRESH_TOKEN_REUSED,
        /** The user logged that device out from another one ({@code DELETE /api/v1/auth/devices/{deviceId}}). */
        REMOVED_BY_USER
    }
}
