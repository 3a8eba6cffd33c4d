package io.parley.api.presence;

import io.parley.api.account.UserId;

/** When the user was last online, if ever recorded. Answers {@link LastSeen}. */
public record GetLastSeen(UserId userId) {
}
