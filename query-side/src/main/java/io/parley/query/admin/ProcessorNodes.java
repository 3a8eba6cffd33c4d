package io.parley.query.admin;

import org.axonframework.eventhandling.StreamingEventProcessor;

import java.util.List;

/**
 * The nodes that run a projection's processor: this one alone ({@link ThisNodeOnly}), or every query-side node of a
 * distributed set-up ({@link NodesOfAxonServer}).
 */
interface ProcessorNodes {

    /** Every segment some node holds, and how far it is. */
    List<ProjectionSegment> segments(StreamingEventProcessor processor);

    /** Whether some node runs the processor. */
    boolean running(StreamingEventProcessor processor);

    /** Stops the processor on every node and returns once none holds a segment of it. */
    void stopEverywhere(StreamingEventProcessor processor);

    /** Starts the processor again on every node. */
    void startEverywhere(StreamingEventProcessor processor);
}
