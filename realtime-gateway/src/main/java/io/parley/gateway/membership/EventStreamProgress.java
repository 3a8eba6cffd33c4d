package io.parley.gateway.membership;

/** How far this node's {@link Memberships} has read the event stream, for a reader that must not run ahead of it. */
public interface EventStreamProgress {

    /** The position of the last event stored now; -1 when there is none. */
    long head();

    /** Whether every event up to {@code position} has been applied to the view. */
    boolean reached(long position);
}
