package io.parley.api.presence;

import io.parley.api.account.UserId;

import java.time.Instant;

/**
 * The user's last device went offline at {@code lastSeen}. Presence is ephemeral: this is kept in a read model
 * only, never in the event store.
 */
public record RecordLastSeen(UserId userId, Instant lastSeen) {
}
