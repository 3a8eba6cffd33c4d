package io.parley.standalone.backup;

import java.time.Instant;

/**
 * A finished backup: where it is on the server, the events it holds (every event up to and including
 * {@code lastGlobalIndex}, none after; -1 when there were none) and its sizes in bytes.
 */
record BackupReport(String directory, Instant takenAt, long durationMillis, long events, long lastGlobalIndex,
                    Sizes bytes) {

    record Sizes(long eventStore, long readModels, long keys, long media, long total) {
    }
}
