package io.parley.api.account;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * A device logged in and holds a new refresh token; only the token's SHA-256 hash is recorded. {@code sessionId}
 * names this login: the access tokens of the session carry it, so that revoking the session revokes exactly them
 * (null in revision 1 events, from before sessions had ids).
 */
@Revision("2")
public record DeviceLoggedIn(UserId userId, String deviceId, String refreshTokenHash, Instant loggedInAt,
                             Instant refreshExpiresAt, String sessionId) {
}
