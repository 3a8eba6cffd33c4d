package io.parley.query.admin;

import org.axonframework.eventhandling.StreamingEventProcessor;

import java.util.List;

/**
 * The nodes that run a projection's processor: this one alone ({@link ThisNodeOnly}), or every query-side node of a
 * distributed set-up ({@link NodesOfAxonServer}).
 */
interface ProcessorNodes {

    /** Whether some node runs the processor, and every segment of it with how far it is. */
    Progress progress(StreamingEventProcessor processor);

    record Progress(boolean running, List<ProjectionSegment> segments) {
    }

    /** Stops the processor on every node and returns once none holds a segment of it. */
    void stopEverywhere(StreamingEventProcessor processor);

    /** Starts the processor again on every node. */
    void startEverywhere(StreamingEventProcessor processor);
}
