package io.parley.query.projection;

import io.parley.platform.processing.BatchLinger;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.messaging.StreamableMessageSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

/**
 * The query side's event processors: tracking, from the start of the event stream, one thread each (the sync
 * feed numbers each user's changes in event order, so one writer), in batches that linger when events trickle in
 * ({@link BatchLinger}); a failing handler fails the batch, which is retried from the stored token rather than skipped.
 */
@Configuration
class ProjectionConfiguration {

    @Autowired
    void configure(EventProcessingConfigurer processing,
                   @Value("${parley.query.batch-size:250}") int batchSize,
                   @Value("${parley.query.linger:100ms}") Duration linger) {
        for (String group : ProcessingGroups.ALL) {
            processing.registerTrackingEventProcessor(group, org.axonframework.config.Configuration::eventStore,
                    config -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                            .andBatchSize(batchSize)
                            .andInitialTrackingToken(StreamableMessageSource::createTailToken));
            processing.registerListenerInvocationErrorHandler(group, config -> PropagatingErrorHandler.instance());
            processing.registerHandlerInterceptor(group, config -> new BatchLinger(linger, batchSize));
        }
    }
}
