package io.parley.command.account;

import io.parley.api.account.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Checks the password and starts a device session, named {@code sessionId}, holding the (hashed) new refresh token.
 * A device that has no active session yet is refused once the account has {@link DeviceLimit} active ones.
 */
record LogIn(@TargetAggregateIdentifier UserId userId, String password, String deviceId, String sessionId,
             String refreshTokenHash, Instant refreshExpiresAt) {

    @Override
    public String toString() {
        return "LogIn[userId=" + userId + ", deviceId=" + deviceId + "]";
    }
}
