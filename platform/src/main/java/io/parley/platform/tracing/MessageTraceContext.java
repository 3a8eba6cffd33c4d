package io.parley.platform.tracing;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

import java.util.HashMap;
import java.util.Map;

/**
 * A sampled trace's context in Axon metadata, as the propagator writes it on HTTP (W3C {@value #TRACE_PARENT}, and
 * {@code tracestate} when there is one): a command carries its request's span, an event its command's, so that their
 * handlers' spans, on any thread or node, are children in the same trace. An unsampled span (every span while traces
 * are not exported) is not carried: messages stay as they were and their handlers open no span.
 */
public final class MessageTraceContext {

    static final String TRACE_PARENT = "traceparent";
    private static final String HANDLER_SPAN = MessageTraceContext.class.getName() + ".handlerSpan";

    private final Tracer tracer;
    private final Propagator propagator;

    public MessageTraceContext(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** The current span's context as metadata, or an empty map when there is no sampled span. */
    Map<String, String> current() {
        Span span = tracer.currentSpan();
        return span == null ? Map.of() : asMetaData(span.context());
    }

    /**
     * The context of the span of the handler whose unit of work this is, else the current span's: Axon intercepts the
     * events a handler publishes when its unit of work commits, after the handler (and its span's scope) returned.
     */
    Map<String, String> ofHandler() {
        TraceContext handler = CurrentUnitOfWork.map(unitOfWork -> unitOfWork.<TraceContext>getResource(HANDLER_SPAN))
                .orElse(null);
        return handler == null ? current() : asMetaData(handler);
    }

    private Map<String, String> asMetaData(TraceContext context) {
        if (!Boolean.TRUE.equals(context.sampled())) {
            return Map.of();
        }
        Map<String, String> fields = new HashMap<>(4);
        propagator.inject(context, fields, Map::put);
        return fields;
    }

    static boolean carriedBy(Message<?> message) {
        return carriedBy(message.getMetaData());
    }

    /** Whether a message's metadata carries a sampled trace's context. */
    public static boolean carriedBy(MetaData metaData) {
        return metaData.containsKey(TRACE_PARENT);
    }

    /**
     * Runs a handler's handling of a message whose metadata carries a trace context in a span of its own, a child of
     * that context's span, in scope meanwhile: named and tagged by the message's kind, payload type and handler, never
     * by its content; a failure adds its type only (an exception's message may quote what a user sent).
     */
    public Object handleInSpan(MetaData metaData, String kind, String payloadType, String handler, Handling handling)
            throws Exception {
        Span span = startHandling(metaData, kind + " " + payloadType + " in " + handler)
                .tag("parley.message.kind", kind)
                .tag("parley.message.type", payloadType)
                .tag("parley.handler", handler);
        try (var ignored = inScope(span)) {
            return handling.handle();
        } catch (Exception | Error failure) {
            span.tag("exception.type", failure.getClass().getName());
            throw failure;
        } finally {
            span.end();
        }
    }

    /** A handler at work on a message. */
    @FunctionalInterface
    public interface Handling {
        Object handle() throws Exception;
    }

    /** A started span for handling a message, a child of the span whose context its metadata carries. */
    private Span startHandling(MetaData metaData, String name) {
        return propagator.extract(metaData, (carrier, key) -> {
                    Object value = carrier.get(key);
                    return value == null ? null : value.toString();
                })
                .name(name)
                .kind(Span.Kind.CONSUMER)
                .start();
    }

    /** Puts the handler's span in scope, and in its unit of work for the messages it publishes there. */
    private Tracer.SpanInScope inScope(Span span) {
        CurrentUnitOfWork.ifStarted(unitOfWork -> unitOfWork.resources().put(HANDLER_SPAN, span.context()));
        return tracer.withSpan(span);
    }
}
