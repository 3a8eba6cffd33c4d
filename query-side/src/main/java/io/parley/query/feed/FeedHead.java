package io.parley.query.feed;

import io.parley.query.projection.ReadModels;
import org.springframework.data.annotation.Id;

/**
 * The head of a user's sync feed in {@link ReadModels#SYNC_HEADS}: the number of the last entry, and the global
 * position of the event it came from.
 */
public record FeedHead(@Id String userId, long n, long position) {
}
