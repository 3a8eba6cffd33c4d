package io.parley.platform.tracing;

import io.micrometer.tracing.Span;
import io.parley.platform.logs.HandlerRequestIds;
import org.axonframework.common.Priority;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.annotation.WrappedMessageHandlingMember;

/**
 * A span for each handling (command, event or query) of a message that carries a sampled trace's context
 * ({@link MessageTraceContext}), in scope while the handler runs, so that its log lines carry the trace id and the
 * messages it sends carry its span. Named and tagged by the message's kind, payload type and handler, never by its
 * content. A message without a trace context costs one metadata lookup. Low priority: it wraps the other enhancers,
 * so that their log lines are inside the span.
 */
@Priority(Priority.LOW)
public final class HandlerSpans implements HandlerEnhancerDefinition {

    private final MessageTraceContext traces;

    public HandlerSpans(MessageTraceContext traces) {
        this.traces = traces;
    }

    @Override
    public <T> MessageHandlingMember<T> wrapHandler(MessageHandlingMember<T> original) {
        // an aggregate sourcing its past events works inside the command's span
        if (!original.annotationAttributes(EventSourcingHandler.class).isEmpty()) {
            return original;
        }
        String handler = original.declaringClass().getSimpleName();
        return new WrappedMessageHandlingMember<>(original) {
            @Override
            public Object handle(Message<?> message, T target) throws Exception {
                if (!MessageTraceContext.carriedBy(message)) {
                    return super.handle(message, target);
                }
                String kind = HandlerRequestIds.kindOf(message);
                String payloadType = message.getPayloadType().getSimpleName();
                Span span = traces.startHandling(message, kind + " " + payloadType + " in " + handler)
                        .tag("parley.message.kind", kind)
                        .tag("parley.message.type", payloadType)
                        .tag("parley.handler", handler);
                try (var ignored = traces.inScope(span)) {
                    return super.handle(message, target);
                } catch (Exception | Error failure) {
                    // the failure's type only: an exception's message may quote what a user sent
                    span.tag("exception.type", failure.getClass().getName());
                    throw failure;
                } finally {
                    span.end();
                }
            }
        };
    }
}
