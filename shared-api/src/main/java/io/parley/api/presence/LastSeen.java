package io.parley.api.presence;

import io.parley.api.account.UserId;

import java.time.Instant;

/** {@code lastSeen} is null when the user has never been seen going offline. */
public record LastSeen(UserId userId, Instant lastSeen) {
}
