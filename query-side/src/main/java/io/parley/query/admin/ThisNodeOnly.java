package io.parley.query.admin;

import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;

import java.lang.management.ManagementFactory;
import java.util.OptionalLong;

/** One node runs the processors (standalone): what it sees is all there is. */
final class ThisNodeOnly implements ProcessorNodes {

    /** Named as Axon names a token's owner by default ({@code pid@host}). */
    static final String NODE = ManagementFactory.getRuntimeMXBean().getName();

    @Override
    public Progress progress(StreamingEventProcessor processor) {
        return new Progress(processor.isRunning(),
                processor.processingStatus().values().stream().map(ThisNodeOnly::segment).toList());
    }

    static ProjectionSegment segment(EventTrackerStatus status) {
        long position = orMinusOne(status.getCurrentPosition());
        long resetPosition = orMinusOne(status.getResetPosition());
        // Axon keeps a segment "replaying" until it handles an event past the reset position, which at the head of a
        // quiet store means until the next event; for the admin the replay is done once it has reached that position
        boolean replaying = status.isReplaying() && position < resetPosition;
        return new ProjectionSegment(status.getSegment().getSegmentId(), status.getSegment().getMask() + 1, NODE,
                position, status.isCaughtUp(), replaying, replaying ? resetPosition : null,
                status.isErrorState() ? String.valueOf(status.getError()) : null);
    }

    private static long orMinusOne(OptionalLong value) {
        return value.isPresent() ? value.getAsLong() : -1;
    }

    @Override
    public void stopEverywhere(StreamingEventProcessor processor) {
        processor.shutDown();
    }

    @Override
    public void startEverywhere(StreamingEventProcessor processor) {
        processor.start();
    }
}
