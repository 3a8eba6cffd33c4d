package io.parley.gateway.projector;

import io.parley.gateway.membership.EventStreamProgress;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.LoggingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.Optional;
import java.util.UUID;

/**
 * The realtime projector runs in a tracking processor of this node's own, in both ways to run:
 * <ul>
 *     <li>it reads events after they are stored, on threads of its own: a push never runs in (or slows) the
 *     sender's unit of work;</li>
 *     <li>its name carries the node's id ({@code realtime@<node>}), so gateway nodes never share, split or steal its
 *     segments: every node sees every event;</li>
 *     <li>its token lives in memory. It does not start with the application: {@link RealtimeStart} first loads the
 *     membership view from the query side, then starts it where that view stands (the events after it only update
 *     the view), and only the events stored after the start are pushed. What a device missed, it gets through
 *     catch-up.</li>
 * </ul>
 * Its events are split into {@code parley.gateway.realtime-segments} segments by conversation (the aggregate): each
 * conversation's events stay in stored order on one thread, while the per-event work (deserializing, writing the
 * frame, pushing it to sockets, which blocks while a socket's send buffer drains) runs on as many threads. One
 * thread fell seconds behind the senders in the load benchmark's first phase after a start (warm-up delivery p99,
 * small run on a busy 2-core machine: 15.5 s with one segment, 8.3 s with two). In standalone the
 * threads read the event store's shared cache of recent events, so a segment more costs no second read of the store.
 * A failed push is logged and forgotten.
 */
@Configuration
class RealtimeProcessorConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RealtimeProcessorConfiguration.class);

    private final String processor;
    private final int segments;

    RealtimeProcessorConfiguration(@Value("${parley.gateway.node-id:}") String nodeId,
                                   @Value("${parley.gateway.realtime-segments:2}") int segments) {
        if (segments < 1 || segments > 16) {
            throw new IllegalArgumentException("parley.gateway.realtime-segments must be between 1 and 16");
        }
        this.processor = processorName(nodeId);
        this.segments = segments;
    }

    @Autowired
    void processorPerNode(EventProcessingConfigurer processing, RealtimeStartPosition startPosition,
                          @Value("${parley.gateway.realtime-batch-size:100}") int batchSize) {
        processing.assignProcessingGroup(RealtimeProjector.PROCESSING_GROUP, processor)
                .registerTrackingEventProcessor(processor, org.axonframework.config.Configuration::eventStore,
                        configuration -> TrackingEventProcessorConfiguration.forParallelProcessing(segments)
                                .andInitialSegmentsCount(segments)
                                .andBatchSize(batchSize)
                                .andAutoStart(false)
                                .andInitialTrackingToken(startPosition::token))
                .registerSequencingPolicy(processor, configuration -> SequentialPerAggregatePolicy.instance())
                .registerTokenStore(processor, configuration -> new InMemoryTokenStore())
                .registerListenerInvocationErrorHandler(RealtimeProjector.PROCESSING_GROUP, configuration -> new LoggingErrorHandler());
        log.info("Realtime projector runs as processor '{}' in {} segments (this node only; starts once its view is loaded)",
                processor, segments);
    }

    @Bean
    RealtimeProcessor realtimeProcessor(EventProcessingConfiguration processing) {
        return () -> processing.eventProcessor(processor, TrackingEventProcessor.class);
    }

    @Bean
    EventStreamProgress realtimeProgress(RealtimeProcessor realtimeProcessor, EventStore eventStore) {
        return new RealtimeProcessorProgress(realtimeProcessor::find, eventStore, segments);
    }

    static String processorName(String nodeId) {
        String node = nodeId == null || nodeId.isBlank() ? UUID.randomUUID().toString() : nodeId.trim();
        return RealtimeProjector.PROCESSING_GROUP + "@" + node;
    }

    /** This node's realtime processor, once Axon has built it. */
    @FunctionalInterface
    interface RealtimeProcessor {
        Optional<TrackingEventProcessor> find();
    }
}
