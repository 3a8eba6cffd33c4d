package io.parley.platform.logs;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.queryhandling.QueryMessage;

import java.util.Map;

/**
 * Gives a command or query sent while a request is handled that request's id, as Axon's
 * {@value RequestIds#META_DATA_KEY} metadata, so that its handler logs under it wherever it runs; Axon's
 * {@code MessageOriginProvider} carries a command's on to the events it stores. A message sent by a handler already
 * has its message's (Axon's correlation data) and keeps it.
 */
final class DispatchedRequestIds {

    private DispatchedRequestIds() {
    }

    static MessageDispatchInterceptor<CommandMessage<?>> onCommands() {
        return messages -> {
            String requestId = RequestIds.current();
            return (index, command) -> lacksId(command, requestId)
                    ? command.andMetaData(Map.of(RequestIds.META_DATA_KEY, requestId)) : command;
        };
    }

    static MessageDispatchInterceptor<QueryMessage<?, ?>> onQueries() {
        return messages -> {
            String requestId = RequestIds.current();
            return (index, query) -> lacksId(query, requestId)
                    ? query.andMetaData(Map.of(RequestIds.META_DATA_KEY, requestId)) : query;
        };
    }

    private static boolean lacksId(Message<?> message, String requestId) {
        return requestId != null && !message.getMetaData().containsKey(RequestIds.META_DATA_KEY);
    }
}
