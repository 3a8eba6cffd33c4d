package io.parley.platform.tracing;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.queryhandling.QueryBus;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * One trace from the HTTP request or socket frame (Boot's and the gateway's observations) through the commands it
 * sends, the events they store and every handler of those, on Micrometer Tracing: the trace context travels in Axon
 * metadata ({@link MessageTraceContext}); the handlers' spans are opened by {@code io.parley.platform.logs.HandlerContext},
 * with their request ids.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.actuate.autoconfigure.tracing.MicrometerTracingAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.tracing.OpenTelemetryTracingAutoConfiguration"})
@ConditionalOnClass(Tracer.class)
@ConditionalOnBean({Tracer.class, Propagator.class})
public class MessageTracingAutoConfiguration {

    @Bean
    MessageTraceContext messageTraceContext(Tracer tracer, Propagator propagator) {
        return new MessageTraceContext(tracer, propagator);
    }

    @Bean
    SmartInitializingSingleton dispatchedTraceContext(MessageTraceContext traces,
                                                      ObjectProvider<CommandBus> commandBus,
                                                      ObjectProvider<QueryBus> queryBus,
                                                      ObjectProvider<EventBus> eventBus) {
        return () -> {
            commandBus.ifAvailable(bus -> bus.registerDispatchInterceptor(DispatchedTraceContext.onCommands(traces)));
            queryBus.ifAvailable(bus -> bus.registerDispatchInterceptor(DispatchedTraceContext.onQueries(traces)));
            eventBus.ifUnique(bus -> bus.registerDispatchInterceptor(DispatchedTraceContext.onEvents(traces)));
        };
    }
}
