package io.parley.platform.logs;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Gives a command sent while a request is handled that request's id, as Axon's {@value RequestIds#META_DATA_KEY}
 * metadata; Axon's {@code MessageOriginProvider} carries it on to the events the command stores. A command sent by
 * a handler already has its message's (Axon's correlation data) and keeps it.
 */
final class CommandRequestIds implements MessageDispatchInterceptor<CommandMessage<?>> {

    @Override
    public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(
            List<? extends CommandMessage<?>> messages) {
        String requestId = RequestIds.current();
        return (index, command) -> requestId == null || command.getMetaData().containsKey(RequestIds.META_DATA_KEY)
                ? command
                : command.andMetaData(Map.of(RequestIds.META_DATA_KEY, requestId));
    }
}
