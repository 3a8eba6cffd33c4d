package io.parley.platform.logs;

import io.parley.platform.tracing.MessageTraceContext;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.common.Priority;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.annotation.WrappedMessageHandlingMember;
import org.axonframework.queryhandling.QueryMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each handling (command, event or query) of a message runs in, from its metadata, read once:
 * <ul>
 *     <li>the {@link RequestIds request id} it carries, in the logs, on whichever thread: a projection's log lines name
 *     the request that stored its event. A message from before request ids (or sent outside a request) is logged under
 *     its own identifier;</li>
 *     <li>with traces on, when it carries a sampled trace's context, a span ({@link MessageTraceContext#handleInSpan})
 *     in scope while the handler runs, so that its log lines carry the trace id and the messages it sends carry its
 *     span. A message without one costs nothing more.</li>
 * </ul>
 * At DEBUG, one line per handled message: its kind, payload type and handler, never its content. Low priority: it
 * wraps the other enhancers, so that their log lines are inside the span and under the request id.
 */
@Priority(Priority.LOW)
public final class HandlerContext implements HandlerEnhancerDefinition {

    private static final Logger log = LoggerFactory.getLogger(HandlerContext.class);

    private final MessageTraceContext traces;

    /** {@code traces}: null while traces are off. */
    public HandlerContext(MessageTraceContext traces) {
        this.traces = traces;
    }

    @Override
    public <T> MessageHandlingMember<T> wrapHandler(MessageHandlingMember<T> original) {
        // an aggregate sourcing its past events works for the command at hand: under its id, inside its span
        if (!original.annotationAttributes(EventSourcingHandler.class).isEmpty()) {
            return original;
        }
        String handler = original.declaringClass().getSimpleName();
        return new WrappedMessageHandlingMember<>(original) {
            @Override
            public Object handle(Message<?> message, T target) throws Exception {
                MetaData metaData = message.getMetaData();
                Object carried = metaData.get(RequestIds.META_DATA_KEY);
                String kind = kindOf(message);
                String payloadType = message.getPayloadType().getSimpleName();
                if (traces == null || !MessageTraceContext.carriedBy(metaData)) {
                    return underRequestId(carried, message, kind, payloadType, () -> super.handle(message, target));
                }
                return traces.handleInSpan(metaData, kind, payloadType, handler,
                        () -> underRequestId(carried, message, kind, payloadType, () -> super.handle(message, target)));
            }

            private Object underRequestId(Object carried, Message<?> message, String kind, String payloadType,
                                          MessageTraceContext.Handling handling) throws Exception {
                try (RequestIds.Scope ignored = RequestIds.open(
                        carried == null ? message.getIdentifier() : carried.toString())) {
                    log.debug("Handling {} {} in {}", kind, payloadType, handler);
                    return handling.handle();
                }
            }
        };
    }

    /** command, event, query or message: what the log lines and trace spans call a message. */
    static String kindOf(Message<?> message) {
        if (message instanceof CommandMessage<?>) {
            return "command";
        }
        if (message instanceof EventMessage<?>) {
            return "event";
        }
        return message instanceof QueryMessage<?, ?> ? "query" : "message";
    }
}
