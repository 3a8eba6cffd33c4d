package io.parley.platform.consistency;

import io.parley.api.consistency.ConsistencyToken;
import org.axonframework.commandhandling.callbacks.FutureCallback;
import org.axonframework.commandhandling.gateway.CommandGateway;

import java.util.concurrent.CompletableFuture;

/**
 * A command's result with the consistency token ({@link ConsistencyToken#encode()}) of the events it stored, or null
 * when it stored none, for the edge (REST answer, socket ack) to hand on to the client.
 */
public record CommandOutcome<R>(R result, String consistencyToken) {

    /** Sends {@code command} as {@link CommandGateway#send(Object)} does, keeping the result's token. */
    public static <R> CompletableFuture<CommandOutcome<R>> send(CommandGateway commands, Object command) {
        FutureCallback<Object, R> callback = new FutureCallback<>();
        commands.send(command, callback);
        return callback.thenCompose(answer -> answer.isExceptional()
                ? CompletableFuture.failedFuture(answer.exceptionResult())
                : CompletableFuture.completedFuture(new CommandOutcome<R>(answer.getPayload(),
                answer.getMetaData().get(ConsistencyToken.META_DATA_KEY) instanceof String token ? token : null)));
    }
}
