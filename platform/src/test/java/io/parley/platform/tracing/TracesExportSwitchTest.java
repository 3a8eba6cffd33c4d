package io.parley.platform.tracing;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.opentelemetry.OpenTelemetryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.tracing.MicrometerTracingAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.tracing.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.tracing.otlp.OtlpTracingAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Traces are exported only when an operator sets an OTLP endpoint: without one there is no exporter and no span is
 * sampled (so nothing is recorded or carried in messages), whatever the sampling probability; with one, the OTLP/HTTP
 * exporter is there and the probability decides.
 */
class TracesExportSwitchTest {

    private final ApplicationContextRunner boot = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
                    OpenTelemetryAutoConfiguration.class, OpenTelemetryTracingAutoConfiguration.class,
                    MicrometerTracingAutoConfiguration.class, OtlpTracingAutoConfiguration.class,
                    UnexportedTracesAutoConfiguration.class, MessageTracingAutoConfiguration.class))
            .withPropertyValues("management.tracing.sampling.probability=1.0");

    @Test
    void withoutAnEndpointNothingIsExportedNorSampled() {
        boot.run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(SpanExporter.class);
            assertThat(context.getBean(Sampler.class)).isEqualTo(Sampler.alwaysOff());
            assertThat(sampled(context.getBean(Tracer.class))).isFalse();
            assertThat(context.getBean(MessageTraceContext.class).current()).isEmpty();
        });
    }

    @Test
    void withAnEndpointTracesAreExportedOverOtlpHttpAsSampled() {
        boot.withPropertyValues("management.otlp.tracing.endpoint=http://127.0.0.1:4318/v1/traces").run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(OtlpHttpSpanExporter.class);
            assertThat(context.getBean(Sampler.class)).isNotEqualTo(Sampler.alwaysOff());
            assertThat(sampled(context.getBean(Tracer.class))).isTrue();
        });
    }

    private static boolean sampled(Tracer tracer) {
        Span span = tracer.nextSpan().name("probe").start();
        try {
            return Boolean.TRUE.equals(span.context().sampled());
        } finally {
            span.end();
        }
    }
}
