package io.parley.media;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

import java.util.List;

/** The media module's event processors: failures are retried, never skipped; the pending-upload index is rebuilt at start. */
@Configuration
@EnableScheduling
class MediaConfiguration {

    static final List<String> GROUPS = List.of("media-audience", "media-sharing", "media-processing",
            "media-pending-uploads", "media-cleanup");

    @Bean
    ConfigurerModule mediaProcessors() {
        return configurer -> {
            GROUPS.forEach(group -> configurer.eventProcessing()
                    .registerListenerInvocationErrorHandler(group, c -> PropagatingErrorHandler.instance()));
            configurer.eventProcessing().registerTokenStore("media-pending-uploads", c -> new InMemoryTokenStore());
        };
    }
}
