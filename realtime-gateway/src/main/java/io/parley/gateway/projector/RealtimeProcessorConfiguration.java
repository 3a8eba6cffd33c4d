package io.parley.gateway.projector;

import io.parley.gateway.membership.EventStreamProgress;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.LoggingErrorHandler;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.UUID;

/**
 * The realtime projector runs in a tracking processor of this node's own, in both ways to run:
 * <ul>
 *     <li>it reads events after they are stored, on a thread of its own: a push never runs in (or slows) the
 *     sender's unit of work, and one thread keeps every conversation's events in stored order;</li>
 *     <li>its name carries the node's id ({@code realtime@<node>}), so gateway nodes never share, split or steal its
 *     segment: every node sees every event;</li>
 *     <li>its token lives in memory and starts, at every start, as a replay of the whole stream up to the head: the
 *     replayed events rebuild the membership view, only the events stored after the start are pushed. What a
 *     device missed, it gets through catch-up.</li>
 * </ul>
 * A failed push is logged and forgotten.
 */
@Configuration
class RealtimeProcessorConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RealtimeProcessorConfiguration.class);

    private final String processor;

    RealtimeProcessorConfiguration(@Value("${parley.gateway.node-id:}") String nodeId) {
        this.processor = processorName(nodeId);
    }

    @Autowired
    void processorPerNode(EventProcessingConfigurer processing,
                          @Value("${parley.gateway.replay-batch-size:100}") int batchSize) {
        processing.assignProcessingGroup(RealtimeProjector.PROCESSING_GROUP, processor)
                .registerTrackingEventProcessor(processor, org.axonframework.config.Configuration::eventStore,
                        configuration -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                                .andBatchSize(batchSize)
                                .andInitialTrackingToken(source ->
                                        ReplayToken.createReplayToken(source.createHeadToken(), source.createTailToken())))
                .registerTokenStore(processor, configuration -> new InMemoryTokenStore())
                .registerListenerInvocationErrorHandler(RealtimeProjector.PROCESSING_GROUP, configuration -> new LoggingErrorHandler());
        log.info("Realtime projector runs as processor '{}' (this node only; rebuilds its view from the event stream)", processor);
    }

    @Bean
    EventStreamProgress realtimeProgress(EventProcessingConfiguration processing, EventStore eventStore) {
        return new RealtimeProcessorProgress(() -> processing.eventProcessor(processor, TrackingEventProcessor.class), eventStore);
    }

    static String processorName(String nodeId) {
        String node = nodeId == null || nodeId.isBlank() ? UUID.randomUUID().toString() : nodeId.trim();
        return RealtimeProjector.PROCESSING_GROUP + "@" + node;
    }
}
