package io.parley.media;

import io.parley.platform.processing.BatchLinger;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

import java.time.Duration;
import java.util.List;

/**
 * The media module's event processors: failures are retried, never skipped; the pending-upload index is rebuilt at
 * start. They read every event but act on few (only media messages and membership changes), so they take events in
 * batches: one token update per batch, not per event (per event, they cost a tenth of the server's CPU under load),
 * and a batch lingers when events trickle in ({@link BatchLinger}).
 */
@Configuration
@EnableScheduling
class MediaConfiguration {

    static final List<String> GROUPS = List.of("media-audience", "media-sharing", "media-processing",
            "media-pending-uploads", "media-cleanup");

    @Bean
    ConfigurerModule mediaProcessors(@Value("${parley.media.processor-batch-size:100}") int batchSize,
                                     @Value("${parley.media.processor-linger:100ms}") Duration linger) {
        return configurer -> {
            GROUPS.forEach(group -> configurer.eventProcessing()
                    .registerListenerInvocationErrorHandler(group, c -> PropagatingErrorHandler.instance())
                    .registerHandlerInterceptor(group, c -> new BatchLinger(linger, batchSize))
                    .registerTrackingEventProcessorConfiguration(group, c -> TrackingEventProcessorConfiguration
                            .forSingleThreadedProcessing().andBatchSize(batchSize)));
            configurer.eventProcessing().registerTokenStore("media-pending-uploads", c -> new InMemoryTokenStore());
        };
    }
}
