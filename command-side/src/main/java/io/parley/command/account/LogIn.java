package io.parley.command.account;

import io.parley.api.account.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Checks the password and starts a device session holding the (hashed) new refresh token. */
record LogIn(@TargetAggregateIdentifier UserId userId, String password, String deviceId, String refreshTokenHash,
             Instant refreshExpiresAt) {

    @Override
    public String toString() {
        return "LogIn[userId=" + userId + ", deviceId=" + deviceId + "]";
    }
}
