package io.parley.platform.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;

import java.util.Map;
import java.util.OptionalLong;

/**
 * {@code parley.processor.lag}: per streaming event processor of this node, how many events it is behind the head of
 * the event stream (the head's global index minus the lowest position among the segments it holds here); NaN while
 * it holds no segment here or the head is unknown. A per-node processor ({@code realtime@<node>},
 * {@code session-revocations@<id>}) is tagged with its group's name, the part before {@code @}, so that its series
 * survive restarts.
 */
final class ProcessorLagMeters {

    static final String NAME = "parley.processor.lag";

    private final EventStreamHead head;

    ProcessorLagMeters(EventStreamHead head) {
        this.head = head;
    }

    void register(EventProcessingConfiguration processing, MeterRegistry registry) {
        processing.eventProcessors().forEach((name, processor) -> {
            if (processor instanceof StreamingEventProcessor streaming) {
                Gauge.builder(NAME, streaming, this::lag)
                        .description("Events between the head of the event stream and the processor's position")
                        .tag("processor", name.split("@", 2)[0])
                        .register(registry);
            }
        });
    }

    private double lag(StreamingEventProcessor processor) {
        Map<Integer, EventTrackerStatus> segments = processor.processingStatus();
        OptionalLong headPosition = head.position();
        if (segments.isEmpty() || headPosition.isEmpty()) {
            return Double.NaN;
        }
        long slowest = segments.values().stream()
                .mapToLong(status -> status.getCurrentPosition().orElse(-1)).min().orElse(-1);
        // the head is read now and then: a processor may be past the last figure
        return Math.max(0, headPosition.getAsLong() - slowest);
    }
}
