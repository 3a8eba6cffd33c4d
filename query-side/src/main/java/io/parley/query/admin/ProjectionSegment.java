package io.parley.query.admin;

/**
 * One segment of a projection's processor: {@code segment} of {@code onePartOf}, the node that holds it (null: none
 * now) and how far it is ({@code position}: the global position of the last event it handled, -1 none yet). While it replays,
 * {@code replayUpTo} is where its replay ends.
 */
record ProjectionSegment(int segment, int onePartOf, String node, long position, boolean caughtUp, boolean replaying,
                         Long replayUpTo, String error) {
}
