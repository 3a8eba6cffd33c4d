package io.parley.gateway.projector;

import io.parley.gateway.membership.EventStreamProgress;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;

import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** The realtime processor's position against the head of the event stream. */
final class RealtimeProcessorProgress implements EventStreamProgress {

    private final Supplier<Optional<TrackingEventProcessor>> processor;
    private final EventStore eventStore;

    RealtimeProcessorProgress(Supplier<Optional<TrackingEventProcessor>> processor, EventStore eventStore) {
        this.processor = processor;
        this.eventStore = eventStore;
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
        Map<Integer, EventTrackerStatus> segments = processor.get()
                .map(TrackingEventProcessor::processingStatus).orElse(Map.of());
        return !segments.isEmpty() && segments.values().stream()
                .allMatch(status -> status.getCurrentPosition().orElse(-1) >= position);
    }
}
