package io.parley.platform.tracing;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.queryhandling.QueryMessage;

import java.util.Map;

/**
 * Gives a command, query or event sent under a sampled span that span's context ({@link MessageTraceContext}): the
 * HTTP request's or socket frame's for a command, the command handler's for the events it stores (events are
 * intercepted as the handler's unit of work commits, so theirs is the handler span kept in it). A message that
 * already carries one keeps it.
 */
final class DispatchedTraceContext {

    private DispatchedTraceContext() {
    }

    static MessageDispatchInterceptor<CommandMessage<?>> onCommands(MessageTraceContext traces) {
        return messages -> {
            Map<String, String> context = traces.current();
            return (index, command) -> context.isEmpty() || MessageTraceContext.carriedBy(command)
                    ? command : command.andMetaData(context);
        };
    }

    static MessageDispatchInterceptor<QueryMessage<?, ?>> onQueries(MessageTraceContext traces) {
        return messages -> {
            Map<String, String> context = traces.current();
            return (index, query) -> context.isEmpty() || MessageTraceContext.carriedBy(query)
                    ? query : query.andMetaData(context);
        };
    }

    static MessageDispatchInterceptor<EventMessage<?>> onEvents(MessageTraceContext traces) {
        return messages -> {
            Map<String, String> context = traces.ofHandler();
            return (index, event) -> context.isEmpty() || MessageTraceContext.carriedBy(event)
                    ? event : event.andMetaData(context);
        };
    }
}
