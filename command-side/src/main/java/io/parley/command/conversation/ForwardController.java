package io.parley.command.conversation;

import io.parley.platform.auth.Caller;
import io.parley.api.consistency.ConsistencyToken;
import io.parley.api.conversation.ConversationId;
import io.parley.api.conversation.ForwardMessage;
import io.parley.api.conversation.MessageAccepted;
import io.parley.platform.consistency.CommandOutcome;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.concurrent.CompletableFuture;

/**
 * Forwards a message over HTTP: a copy of the message at {@code seq} goes into the conversation {@code to}, as a new
 * message of the caller's, marked as forwarded. Answers 201 with the new message's id and seq there, as a send does.
 */
@RestController
class ForwardController {

    private final CommandGateway commands;

    ForwardController(CommandGateway commands) {
        this.commands = commands;
    }

    record ForwardRequest(@NotBlank(message = "'to' names the conversation to forward to") String to,
                          @ClientMessageId String clientMessageId) {
    }

    @PostMapping("/api/v1/conversations/{conversationId}/messages/{seq}/forward")
    CompletableFuture<ResponseEntity<MessageAccepted>> forward(@RequestAttribute(Caller.REQUEST_ATTRIBUTE) Caller caller,
                                                               @PathVariable String conversationId,
                                                               @PathVariable long seq,
                                                               @Valid @RequestBody ForwardRequest request) {
        ForwardMessage command = new ForwardMessage(ConversationId.of(request.to()), caller.userId(),
                request.clientMessageId(), ConversationId.of(conversationId), seq);
        return CommandOutcome.<MessageAccepted>send(commands, command).thenApply(outcome -> {
            ResponseEntity.BodyBuilder response = ResponseEntity.status(HttpStatus.CREATED);
            return (outcome.consistencyToken() == null ? response
                    : response.header(ConsistencyToken.HEADER, outcome.consistencyToken())).body(outcome.result());
        });
    }
}
