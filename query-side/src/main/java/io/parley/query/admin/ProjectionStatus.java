package io.parley.query.admin;

import java.util.List;

/**
 * An event processor's progress over every node that runs it: {@code position} is the global position of the last
 * event its slowest segment handled (-1: none yet), {@code head} the newest event's, {@code lag} the difference.
 * While replaying, {@code replayUpTo} is where the replay ends. {@code segments}: which node holds which part, and
 * how far each is; a part no node holds (its node stopped, another has not claimed it yet) is not caught up.
 */
record ProjectionStatus(String name, boolean running, long position, long head, long lag, boolean replaying,
                        Long replayUpTo, boolean caughtUp, String error, List<ProjectionSegment> segments) {
}
