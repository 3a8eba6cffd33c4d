package io.parley.api.account;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A device exchanged its refresh token for a new one; the old one must never work again. */
@Revision("1")
public record RefreshTokenRotated(UserId userId, String deviceId, String previousTokenHash, String newTokenHash,
                                  Instant rotatedAt, Instant refreshExpiresAt) {
}
