package io.parley.standalone.media;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class EmbeddedObjectStorageConfiguration {

    /** Static: a bean factory post-processor must exist before this configuration is itself a bean. */
    @Bean
    static EmbeddedObjectStorage embeddedObjectStorage() {
        return new EmbeddedObjectStorage();
    }
}
