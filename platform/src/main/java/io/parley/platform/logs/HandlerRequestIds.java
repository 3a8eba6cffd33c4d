package io.parley.platform.logs;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.annotation.WrappedMessageHandlingMember;
import org.axonframework.queryhandling.QueryMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the {@link RequestIds request id} a message carries in the logs while a handler (command, event or query)
 * handles it, on whichever thread: a projection's log lines name the request that stored its event. A message from
 * before request ids (or sent outside a request) is logged under its own identifier. At DEBUG, one line per handled
 * message: its kind, payload type and handler, never its content.
 */
public final class HandlerRequestIds implements HandlerEnhancerDefinition {

    private static final Logger log = LoggerFactory.getLogger(HandlerRequestIds.class);

    @Override
    public <T> MessageHandlingMember<T> wrapHandler(MessageHandlingMember<T> original) {
        // an aggregate sourcing its past events works for the command at hand, under the command's id
        if (!original.annotationAttributes(EventSourcingHandler.class).isEmpty()) {
            return original;
        }
        String handler = original.declaringClass().getSimpleName();
        return new WrappedMessageHandlingMember<>(original) {
            @Override
            public Object handle(Message<?> message, T target) throws Exception {
                Object carried = message.getMetaData().get(RequestIds.META_DATA_KEY);
                try (RequestIds.Scope ignored = RequestIds.open(
                        carried == null ? message.getIdentifier() : carried.toString())) {
                    log.debug("Handling {} {} in {}", kindOf(message), message.getPayloadType().getSimpleName(),
                            handler);
                    return super.handle(message, target);
                }
            }
        };
    }

    /** command, event, query or message: what the log lines and trace spans call a message. */
    public static String kindOf(Message<?> message) {
        if (message instanceof CommandMessage<?>) {
            return "command";
        }
        if (message instanceof EventMessage<?>) {
            return "event";
        }
        return message instanceof QueryMessage<?, ?> ? "query" : "message";
    }
}
