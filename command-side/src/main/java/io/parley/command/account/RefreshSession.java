package io.parley.command.account;

import io.parley.api.account.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Exchanges a device's current refresh token (by hash) for a new one. Answers a {@link RefreshResult}. */
record RefreshSession(@TargetAggregateIdentifier UserId userId, String deviceId, String presentedTokenHash,
                      String newTokenHash, Instant refreshExpiresAt) {
}
