package io.parley.command.conversation;

import io.parley.api.account.UserId;
import io.parley.platform.auth.Caller;
import io.parley.api.consistency.ConsistencyToken;
import io.parley.api.conversation.ConversationId;
import io.parley.api.conversation.CreateInviteLink;
import io.parley.api.conversation.DemoteAdmin;
import io.parley.api.conversation.DescribeGroup;
import io.parley.api.conversation.InviteTokens;
import io.parley.api.conversation.JoinByInviteLink;
import io.parley.api.conversation.PromoteAdmin;
import io.parley.api.conversation.RenameGroup;
import io.parley.api.conversation.RevokeInviteLink;
import io.parley.api.conversation.SetOnlyAdminsSend;
import io.parley.api.problem.Rejection;
import io.parley.api.problem.RejectedAs;
import io.parley.platform.consistency.CommandOutcome;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.concurrent.CompletableFuture;

/**
 * What group admins change about a group, and joining one by its invite link, over HTTP. Each answers once stored,
 * with the {@link ConsistencyToken} of what it stored (the {@code Parley-Consistency} header) when it stored something.
 */
@RestController
@RequestMapping("/api/v1/conversations/{conversationId}")
class GroupSettingsController {

    private static final String INVITE_LINK_INVALID = "This invite link was revoked or never existed";

    private final CommandGateway commands;

    GroupSettingsController(CommandGateway commands) {
        this.commands = commands;
    }

    record TitleRequest(@GroupTitle String title) {
    }

    record DescriptionRequest(String description) {
    }

    record SendPolicyRequest(@NotNull(message = "onlyAdminsSend (true or false) is required") Boolean onlyAdminsSend) {
    }

    /** A token that cannot be one is answered as one that was revoked: the caller learns nothing about the link. */
    record JoinRequest(@RejectedAs(Rejection.INVITE_LINK_INVALID)
                       @NotBlank(message = INVITE_LINK_INVALID) @Size(max = 128, message = INVITE_LINK_INVALID)
                       String token) {
    }

    /** The token is in this answer only: Parley keeps its hash alone and cannot show it again. */
    record InviteLink(String conversationId, String token) {
    }

    @PutMapping("/title")
    CompletableFuture<ResponseEntity<Void>> rename(@RequestAttribute(Caller.REQUEST_ATTRIBUTE) Caller caller,
                                                   @PathVariable String conversationId,
                                                   @Valid @RequestBody TitleRequest request) {
        return noContent(send(new RenameGroup(ConversationId.of(conversationId), caller.userId(), request.title())));
    }

    @PutMapping("/description")
    CompletableFuture<ResponseEntity<Void>> describe(@RequestAttribute(Caller.REQUEST_ATTRIBUTE) Caller caller,
                                                     @PathVariable String conversationId,
                                                     @RequestBody DescriptionRequest request) {
        return noContent(send(new DescribeGroup(ConversationId.of(conversationId), caller.userId(),
                request.description())));
    }

    @PutMapping("/admins/{userId}")
    CompletableFuture<ResponseEntity<Void>> promote(@RequestAttribute(Caller.REQUEST_ATTRIBUTE) Caller caller,
                                                    @PathVariable String conversationId, @PathVariable String userId) {
        return noContent(send(new PromoteAdmin(ConversationId.of(conversationId), caller.userId(), UserId.of(userId))));
    }

    @DeleteMapping("/admins/{userId}")
    CompletableFuture<ResponseEntity<Void>> demote(@RequestAttribute(Caller.REQUEST_ATTRIBUTE) Caller caller,
                                                   @PathVariable String conversationId, @PathVariable String userId) {
        return noContent(send(new DemoteAdmin(ConversationId.of(conversationId), caller.userId(), UserId.of(userId))));
    }

    @PutMapping("/send-policy")
    CompletableFuture<ResponseEntity<Void>> sendPolicy(@RequestAttribute(Caller.REQUEST_ATTRIBUTE) Caller caller,
                                                       @PathVariable String conversationId,
                                                       @Valid @RequestBody SendPolicyRequest request) {
        return noContent(send(new SetOnlyAdminsSend(ConversationId.of(conversationId), caller.userId(),
                request.onlyAdminsSend())));
    }

    /** A new link, which replaces the group's earlier one. */
    @PostMapping("/invite-link")
    CompletableFuture<ResponseEntity<InviteLink>> createInviteLink(
            @RequestAttribute(Caller.REQUEST_ATTRIBUTE) Caller caller, @PathVariable String conversationId) {
        String token = InviteTokens.newToken();
        return send(new CreateInviteLink(ConversationId.of(conversationId), caller.userId(), InviteTokens.hash(token)))
                .thenApply(outcome -> withToken(ResponseEntity.status(HttpStatus.CREATED), outcome)
                        .body(new InviteLink(conversationId, token)));
    }

    @DeleteMapping("/invite-link")
    CompletableFuture<ResponseEntity<Void>> revokeInviteLink(@RequestAttribute(Caller.REQUEST_ATTRIBUTE) Caller caller,
                                                             @PathVariable String conversationId) {
        return noContent(send(new RevokeInviteLink(ConversationId.of(conversationId), caller.userId())));
    }

    @PostMapping("/join")
    CompletableFuture<ResponseEntity<Void>> join(@RequestAttribute(Caller.REQUEST_ATTRIBUTE) Caller caller,
                                                 @PathVariable String conversationId, @Valid @RequestBody JoinRequest request) {
        return noContent(send(new JoinByInviteLink(ConversationId.of(conversationId), caller.userId(),
                InviteTokens.hash(request.token()))));
    }

    private CompletableFuture<CommandOutcome<Object>> send(Object command) {
        return CommandOutcome.send(commands, command);
    }

    private static CompletableFuture<ResponseEntity<Void>> noContent(CompletableFuture<? extends CommandOutcome<?>> sent) {
        return sent.thenApply(outcome -> withToken(ResponseEntity.status(HttpStatus.NO_CONTENT), outcome).build());
    }

    private static ResponseEntity.BodyBuilder withToken(ResponseEntity.BodyBuilder response, CommandOutcome<?> outcome) {
        return outcome.consistencyToken() == null ? response
                : response.header(ConsistencyToken.HEADER, outcome.consistencyToken());
    }
}
