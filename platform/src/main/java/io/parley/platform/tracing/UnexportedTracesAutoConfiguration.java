package io.parley.platform.tracing;

import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;

/**
 * While no OTLP endpoint is set (the default), no span is sampled: spans still have ids (the HTTP request's and the
 * socket frame's trace id is in their log lines) but nothing is recorded, queued, carried in Axon metadata or
 * exported, whatever {@code management.tracing.sampling.probability} says. Boot creates no OTLP exporter either.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.actuate.autoconfigure.tracing.OpenTelemetryTracingAutoConfiguration")
@ConditionalOnClass(Sampler.class)
@ConditionalOnExpression("'${management.otlp.tracing.endpoint:}'.isBlank()")
public class UnexportedTracesAutoConfiguration {

    @Bean
    Sampler unexportedTraces() {
        return Sampler.alwaysOff();
    }
}
