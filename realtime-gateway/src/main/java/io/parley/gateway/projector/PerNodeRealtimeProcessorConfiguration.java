package io.parley.gateway.projector;

import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;

import java.util.UUID;

/**
 * The realtime projector when gateway nodes are separate JVMs ({@code parley.gateway.processor-mode=per-node}, the
 * distributed service's setting). Standalone runs it as a subscribing processor, which sees the events published in
 * its own JVM; with Axon Server the events are published by the command side, elsewhere. So here every gateway node
 * runs the {@code realtime} group in a tracking processor of its own:
 * <ul>
 *     <li>its name carries the node's id ({@code realtime@<node>}), so nodes never share, split or steal its segment
 *     (one processor name shared by all nodes would hand each event to one node only);</li>
 *     <li>it starts at the head of the event stream and keeps its token in memory: a (re)started node pushes what
 *     happens from then on and never replays history to sockets; what a device missed, it gets through catch-up.</li>
 * </ul>
 */
@Configuration
@ConditionalOnProperty(name = "parley.gateway.processor-mode", havingValue = "per-node")
class PerNodeRealtimeProcessorConfiguration {

    private static final Logger log = LoggerFactory.getLogger(PerNodeRealtimeProcessorConfiguration.class);

    @Autowired
    void processorPerNode(EventProcessingConfigurer processing, @Value("${parley.gateway.node-id:}") String nodeId) {
        String processor = processorName(nodeId);
        processing.assignProcessingGroup(RealtimeProjector.PROCESSING_GROUP, processor)
                .registerTrackingEventProcessor(processor, org.axonframework.config.Configuration::eventStore,
                        configuration -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                                .andInitialTrackingToken(StreamableMessageSource::createHeadToken))
                .registerTokenStore(processor, configuration -> new InMemoryTokenStore());
        log.info("Realtime projector runs as processor '{}' (this node only, from the head of the event stream)", processor);
    }

    static String processorName(String nodeId) {
        String node = nodeId == null || nodeId.isBlank() ? UUID.randomUUID().toString() : nodeId.trim();
        return RealtimeProjector.PROCESSING_GROUP + "@" + node;
    }
}
