package io.parley.command.conversation;

import io.parley.api.account.UserId;
import io.parley.platform.auth.Caller;
import io.parley.api.consistency.ConsistencyToken;
import io.parley.api.conversation.BlockUser;
import io.parley.api.conversation.UnblockUser;
import io.parley.command.account.AccountDirectory;
import io.parley.platform.consistency.CommandOutcome;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Block and unblock a user over HTTP; both answer 204, and doing either again changes nothing. */
@RestController
@RequestMapping("/api/v1/blocks/{userId}")
class BlockController {

    private final CommandGateway commands;
    private final AccountDirectory accounts;

    BlockController(CommandGateway commands, AccountDirectory accounts) {
        this.commands = commands;
        this.accounts = accounts;
    }

    @PutMapping
    CompletableFuture<ResponseEntity<Void>> block(@RequestAttribute(Caller.REQUEST_ATTRIBUTE) Caller caller,
                                                  @PathVariable String userId) {
        UserId blocked = UserId.of(userId);
        accounts.requireRegistered(List.of(blocked));
        return CommandOutcome.send(commands, BlockUser.of(caller.userId(), blocked)).thenApply(BlockController::noContent);
    }

    /** Someone never blocked (nor talked to) has no direct conversation to unblock in: nothing to do. */
    @DeleteMapping
    CompletableFuture<ResponseEntity<Void>> unblock(@RequestAttribute(Caller.REQUEST_ATTRIBUTE) Caller caller,
                                                    @PathVariable String userId) {
        return CommandOutcome.send(commands, UnblockUser.of(caller.userId(), UserId.of(userId)))
                .handle((outcome, failure) -> {
                    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
                    if (cause == null) {
                        return noContent(outcome);
                    }
                    if (cause instanceof AggregateNotFoundException) {
                        return ResponseEntity.noContent().<Void>build();
                    }
                    throw failure instanceof CompletionException completion ? completion : new CompletionException(cause);
                });
    }

    private static ResponseEntity<Void> noContent(CommandOutcome<?> outcome) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(HttpStatus.NO_CONTENT);
        return (outcome.consistencyToken() == null ? response
                : response.header(ConsistencyToken.HEADER, outcome.consistencyToken())).build();
    }
}
