package io.parley.query.feed;

import io.parley.query.projection.ReadModels;
import org.springframework.data.annotation.Id;

import java.util.Map;

/**
 * {@link FeedAppender#BUCKET} entries of a user's sync feed in {@link ReadModels#SYNC_FEED}:
 * {@code _id = userId:(n / BUCKET)}, the user as {@code owner}, and entry {@code n} under {@code e.<n>}. A batch sets
 * the entries it appends ({@code $set}, no read first); readers read buckets whole, by id.
 */
public record FeedBucket(@Id String id, String owner, Map<String, FeedEntry> e) {

    static final String OWNER = "owner";

    public FeedBucket {
        e = e == null ? Map.of() : Map.copyOf(e);
    }

    /** The field of entry {@code n}. */
    static String entryField(long n) {
        return "e." + n;
    }
}
