package io.parley.command.conversation;

import io.parley.api.account.UserId;
import io.parley.api.consistency.ConsistencyToken;
import io.parley.api.conversation.CancelGroupInvitation;
import io.parley.api.conversation.ConversationId;
import io.parley.platform.auth.Caller;
import io.parley.platform.consistency.CommandOutcome;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.concurrent.CompletableFuture;

/**
 * A group admin cancels someone's open group invitation (the invitee answers theirs with {@link MessageRequestController});
 * 204, with the {@link ConsistencyToken} of what it stored when it stored something.
 */
@RestController
@RequestMapping("/api/v1/conversations/{conversationId}/invitations")
class GroupInvitationController {

    private final CommandGateway commands;

    GroupInvitationController(CommandGateway commands) {
        this.commands = commands;
    }

    @DeleteMapping("/{userId}")
    CompletableFuture<ResponseEntity<Void>> cancel(@RequestAttribute(Caller.REQUEST_ATTRIBUTE) Caller caller,
                                                   @PathVariable String conversationId,
                                                   @PathVariable String userId) {
        return CommandOutcome.send(commands, new CancelGroupInvitation(ConversationId.of(conversationId),
                caller.userId(), UserId.of(userId))).thenApply(outcome -> {
            ResponseEntity.BodyBuilder response = ResponseEntity.status(HttpStatus.NO_CONTENT);
            return (outcome.consistencyToken() == null ? response
                    : response.header(ConsistencyToken.HEADER, outcome.consistencyToken())).build();
        });
    }
}
