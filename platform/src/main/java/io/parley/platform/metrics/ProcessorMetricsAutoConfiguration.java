package io.parley.platform.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;

import java.time.Duration;

/**
 * The event processors' lag ({@link ProcessorLagMeters}) in every service that has a meter registry, an event store
 * and event processors. Registered once the application is ready: the processors exist only once Axon has started.
 * The head of the event stream is read every {@code parley.metrics.head-read-every} (default 2 s).
 */
@AutoConfiguration
@ConditionalOnClass({MeterRegistry.class, EventProcessingConfiguration.class, EventStore.class})
public class ProcessorMetricsAutoConfiguration {

    @Bean
    ProcessorLagRegistration processorLagRegistration(ObjectProvider<MeterRegistry> registry,
                                                      ObjectProvider<EventProcessingConfiguration> processing,
                                                      ObjectProvider<EventStore> eventStore,
                                                      @Value("${parley.metrics.head-read-every:2s}") Duration every) {
        return new ProcessorLagRegistration(registry, processing, eventStore, every);
    }

    static final class ProcessorLagRegistration implements ApplicationListener<ApplicationReadyEvent>, DisposableBean {

        private final ObjectProvider<MeterRegistry> registry;
        private final ObjectProvider<EventProcessingConfiguration> processing;
        private final ObjectProvider<EventStore> eventStore;
        private final Duration every;
        private EventStreamHead head;

        ProcessorLagRegistration(ObjectProvider<MeterRegistry> registry,
                                 ObjectProvider<EventProcessingConfiguration> processing,
                                 ObjectProvider<EventStore> eventStore, Duration every) {
            this.registry = registry;
            this.processing = processing;
            this.eventStore = eventStore;
            this.every = every;
        }

        @Override
        public synchronized void onApplicationEvent(ApplicationReadyEvent ready) {
            MeterRegistry meters = registry.getIfUnique();
            EventProcessingConfiguration processors = processing.getIfUnique();
            EventStore events = eventStore.getIfUnique();
            if (head == null && meters != null && processors != null && events != null) {
                head = new EventStreamHead(events, every);
                new ProcessorLagMeters(head).register(processors, meters);
            }
        }

        @Override
        public synchronized void destroy() {
            if (head != null) {
                head.close();
            }
        }
    }
}
