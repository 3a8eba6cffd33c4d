package io.parley.api.query;

import io.parley.api.account.UserId;

/**
 * What changed for a user since an opaque {@code cursor}; without a cursor, the current state and a cursor at
 * the head of the user's change feed. Answers a {@link SyncPage}.
 */
public record GetChanges(UserId userId, String cursor, int limit) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 500;
}
