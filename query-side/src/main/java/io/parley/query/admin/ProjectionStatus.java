package io.parley.query.admin;

/**
 * An event processor's progress: {@code position} is the global position of the last event it handled (-1: none
 * yet), {@code head} the newest event's, {@code lag} the difference. While replaying, {@code replayUpTo} is where
 * the replay ends.
 */
record ProjectionStatus(String name, boolean running, long position, long head, long lag, boolean replaying,
                        Long replayUpTo, boolean caughtUp, String error) {
}
