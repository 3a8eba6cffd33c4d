package io.parley.gateway.projector;

import io.parley.gateway.membership.EventStreamProgress;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;

import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** The realtime processor's position (its slowest segment's) against the head of the event stream. */
final class RealtimeProcessorProgress implements EventStreamProgress {

    private final Supplier<Optional<TrackingEventProcessor>> processor;
    private final EventStore eventStore;
    private final int segments;

    RealtimeProcessorProgress(Supplier<Optional<TrackingEventProcessor>> processor, EventStore eventStore, int segments) {
        this.processor = processor;
        this.eventStore = eventStore;
        this.segments = segments;
    }

    @Override
    public long head() {
        TrackingToken head = eventStore.createHeadToken();
        return head == null ? -1 : head.position().orElse(-1);
    }

    @Override
    public boolean reached(long position) {
        if (position < 0) {
            return true;
        }
        Map<Integer, EventTrackerStatus> claimed = processor.get()
                .map(TrackingEventProcessor::processingStatus).orElse(Map.of());
        // every segment: each conversation's events are in one of them
        return claimed.size() >= segments && claimed.values().stream()
                .allMatch(status -> status.getCurrentPosition().orElse(-1) >= position);
    }
}
