package io.parley.command.conversation;

import io.parley.platform.auth.Caller;
import io.parley.api.consistency.ConsistencyToken;
import io.parley.api.conversation.ConversationId;
import io.parley.api.conversation.DeleteMessage;
import io.parley.api.conversation.EditMessage;
import io.parley.api.conversation.HideMessage;
import io.parley.api.conversation.RemoveReaction;
import io.parley.api.conversation.SetReaction;
import io.parley.platform.consistency.CommandOutcome;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.concurrent.CompletableFuture;

/**
 * What members do with a message already sent, over HTTP: react, edit, delete for everyone or for themselves.
 * (Replying is a send with {@code replyTo}, see {@link ConversationController}.) Each answers 204 once stored, with
 * the {@link ConsistencyToken} of what it stored (the {@code Parley-Consistency} header) when it stored something.
 */
@RestController
@RequestMapping("/api/v1/conversations/{conversationId}/messages/{seq}")
class MessageActionsController {

    private final CommandGateway commands;

    MessageActionsController(CommandGateway commands) {
        this.commands = commands;
    }

    record ReactionRequest(String emoji) {
    }

    @MessageText
    record EditRequest(String text) implements MessageText.Carrier {
    }

    @PutMapping("/reaction")
    CompletableFuture<ResponseEntity<Void>> react(@RequestAttribute(Caller.REQUEST_ATTRIBUTE) Caller caller,
                                                  @PathVariable String conversationId, @PathVariable long seq,
                                                  @RequestBody ReactionRequest request) {
        return noContent(send(new SetReaction(ConversationId.of(conversationId), caller.userId(), seq,
                request.emoji())));
    }

    @DeleteMapping("/reaction")
    CompletableFuture<ResponseEntity<Void>> unreact(@RequestAttribute(Caller.REQUEST_ATTRIBUTE) Caller caller,
                                                    @PathVariable String conversationId, @PathVariable long seq) {
        return noContent(send(new RemoveReaction(ConversationId.of(conversationId), caller.userId(), seq)));
    }

    @PatchMapping
    CompletableFuture<ResponseEntity<Void>> edit(@RequestAttribute(Caller.REQUEST_ATTRIBUTE) Caller caller,
                                                 @PathVariable String conversationId, @PathVariable long seq,
                                                 @Valid @RequestBody EditRequest request) {
        return noContent(send(new EditMessage(ConversationId.of(conversationId), caller.userId(), seq,
                request.text())));
    }

    /** {@code for=everyone} (the default) leaves a tombstone for all members; {@code for=me} hides it for the caller. */
    @DeleteMapping
    CompletableFuture<ResponseEntity<Void>> delete(@RequestAttribute(Caller.REQUEST_ATTRIBUTE) Caller caller,
                                                   @PathVariable String conversationId, @PathVariable long seq,
                                                   @RequestParam(name = "for", defaultValue = "everyone")
                                                   @Pattern(regexp = "everyone|me", message = "'for' is 'everyone' or 'me'")
                                                   String audience) {
        ConversationId id = ConversationId.of(conversationId);
        return noContent(send(audience.equals("me") ? new HideMessage(id, caller.userId(), seq)
                : new DeleteMessage(id, caller.userId(), seq)));
    }

    private CompletableFuture<CommandOutcome<Object>> send(Object command) {
        return CommandOutcome.send(commands, command);
    }

    private static CompletableFuture<ResponseEntity<Void>> noContent(CompletableFuture<? extends CommandOutcome<?>> sent) {
        return sent.thenApply(outcome -> {
            ResponseEntity.BodyBuilder response = ResponseEntity.status(HttpStatus.NO_CONTENT);
            return (outcome.consistencyToken() == null ? response
                    : response.header(ConsistencyToken.HEADER, outcome.consistencyToken())).build();
        });
    }
}
