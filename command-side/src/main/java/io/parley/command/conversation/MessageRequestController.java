package io.parley.command.conversation;

import io.parley.platform.auth.Caller;
import io.parley.api.consistency.ConsistencyToken;
import io.parley.api.conversation.AcceptMessageRequest;
import io.parley.api.conversation.ConversationId;
import io.parley.api.conversation.DeclineMessageRequest;
import io.parley.platform.consistency.CommandOutcome;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.concurrent.CompletableFuture;

/** Accept or decline the message request a direct conversation is to the caller; both answer 204. */
@RestController
@RequestMapping("/api/v1/conversations/{conversationId}/request")
class MessageRequestController {

    private final CommandGateway commands;

    MessageRequestController(CommandGateway commands) {
        this.commands = commands;
    }

    @PostMapping("/accept")
    CompletableFuture<ResponseEntity<Void>> accept(@RequestAttribute(Caller.REQUEST_ATTRIBUTE) Caller caller,
                                                   @PathVariable String conversationId) {
        return noContent(CommandOutcome.send(commands,
                new AcceptMessageRequest(ConversationId.of(conversationId), caller.userId())));
    }

    @PostMapping("/decline")
    CompletableFuture<ResponseEntity<Void>> decline(@RequestAttribute(Caller.REQUEST_ATTRIBUTE) Caller caller,
                                                    @PathVariable String conversationId) {
        return noContent(CommandOutcome.send(commands,
                new DeclineMessageRequest(ConversationId.of(conversationId), caller.userId())));
    }

    private static CompletableFuture<ResponseEntity<Void>> noContent(CompletableFuture<? extends CommandOutcome<?>> sent) {
        return sent.thenApply(outcome -> {
            ResponseEntity.BodyBuilder response = ResponseEntity.status(HttpStatus.NO_CONTENT);
            return (outcome.consistencyToken() == null ? response
                    : response.header(ConsistencyToken.HEADER, outcome.consistencyToken())).build();
        });
    }
}
