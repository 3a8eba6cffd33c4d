package io.parley.command.axon;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** One {@link AggregateCaches} per application; Spring closes it (and its caches) when the application stops. */
@Configuration
class AggregateCacheConfiguration {

    @Bean
    AggregateCaches aggregateCaches() {
        return new AggregateCaches();
    }
}
