package io.parley.gateway.projector;

import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.LoggingErrorHandler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

/** A failed push is logged and forgotten: it must never fail the command whose event it is pushing. */
@Configuration
class RealtimeProjectorConfiguration {

    @Autowired
    void pushFailuresNeverFailCommands(EventProcessingConfigurer processing) {
        processing.registerListenerInvocationErrorHandler(RealtimeProjector.PROCESSING_GROUP, configuration -> new LoggingErrorHandler());
    }
}
