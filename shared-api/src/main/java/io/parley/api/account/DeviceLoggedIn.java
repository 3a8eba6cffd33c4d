package io.parley.api.account;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A device logged in and holds a new refresh token; only the token's SHA-256 hash is recorded. */
@Revision("1")
public record DeviceLoggedIn(UserId userId, String deviceId, String refreshTokenHash, Instant loggedInAt,
                             Instant refreshExpiresAt) {
}
