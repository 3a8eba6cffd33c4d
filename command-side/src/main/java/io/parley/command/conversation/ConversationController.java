package io.parley.command.conversation;

import io.micrometer.core.instrument.MeterRegistry;
import io.parley.api.account.UserId;
import io.parley.platform.auth.Caller;
import io.parley.api.consistency.ConsistencyToken;
import io.parley.api.conversation.AddMembers;
import io.parley.api.conversation.ConversationId;
import io.parley.api.conversation.CreateGroup;
import io.parley.api.conversation.MarkDelivered;
import io.parley.api.conversation.MarkRead;
import io.parley.api.conversation.MessageAccepted;
import io.parley.api.conversation.RemoveMember;
import io.parley.api.conversation.SendMessage;
import io.parley.api.conversation.StartDirectConversation;
import io.parley.api.media.MediaId;
import io.parley.platform.metrics.SendMeter;
import io.parley.command.account.AccountDirectory;
import io.parley.platform.consistency.CommandOutcome;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The conversation commands over HTTP. Every answer waits until the resulting events are stored, and carries their
 * {@link ConsistencyToken} (the {@code Parley-Consistency} header) for the client to read its own write with.
 */
@RestController
@RequestMapping("/api/v1/conversations")
class ConversationController {

    private static final int MAX_USERS_PER_REQUEST = 1_000;
    private static final String MAX_USERS = " must list at most " + MAX_USERS_PER_REQUEST + " users";

    private final CommandGateway commands;
    private final AccountDirectory accounts;
    private final SendMeter sends;

    ConversationController(CommandGateway commands, AccountDirectory accounts, MeterRegistry meters) {
        this.commands = commands;
        this.accounts = accounts;
        this.sends = new SendMeter(meters, "rest");
    }

    record StartDirectRequest(@NotBlank(message = "peerUserId is required") String peerUserId) {
    }

    record GroupRequest(@GroupTitle String title,
                        @NotNull(message = "memberIds" + MAX_USERS) @Size(max = MAX_USERS_PER_REQUEST, message = "memberIds" + MAX_USERS)
                        List<@NotBlank(message = "memberIds must not hold a blank user id") String> memberIds) {
    }

    record MembersRequest(@NotNull(message = "userIds" + MAX_USERS) @Size(max = MAX_USERS_PER_REQUEST, message = "userIds" + MAX_USERS)
                          List<@NotBlank(message = "userIds must not hold a blank user id") String> userIds) {
    }

    @MessageText
    record SendRequest(@ClientMessageId String clientMessageId, String text, String mediaId, Long replyTo)
            implements MessageText.Carrier {

        @Override
        public boolean withMedia() {
            return mediaId != null;
        }
    }

    record WatermarkRequest(@NotNull(message = "upToSeq is required") Long upToSeq) {
    }

    record ConversationCreated(String conversationId) {
    }

    /** Idempotent by nature: a pair has one direct chat (an {@code Idempotency-Key} is checked, and has nothing to add). */
    @PostMapping("/direct")
    CompletableFuture<ResponseEntity<ConversationCreated>> startDirect(
            @RequestAttribute(Caller.REQUEST_ATTRIBUTE) Caller caller, @Valid @RequestBody StartDirectRequest request,
            @RequestHeader(name = IdempotencyKey.HEADER, required = false)
            @Pattern(regexp = IdempotencyKey.VALID, message = IdempotencyKey.RULE) String idempotencyKey) {
        UserId peer = UserId.of(request.peerUserId());
        accounts.requireRegistered(List.of(peer));
        return this.<ConversationId>send(StartDirectConversation.between(caller.userId(), peer))
                .thenApply(outcome -> withToken(ResponseEntity.ok(), outcome)
                        .body(new ConversationCreated(outcome.result().value())));
    }

    @PostMapping("/groups")
    CompletableFuture<ResponseEntity<ConversationCreated>> createGroup(
            @RequestAttribute(Caller.REQUEST_ATTRIBUTE) Caller caller, @Valid @RequestBody GroupRequest request,
            @RequestHeader(name = IdempotencyKey.HEADER, required = false)
            @Pattern(regexp = IdempotencyKey.VALID, message = IdempotencyKey.RULE) String idempotencyKey) {
        ConversationId id = IdempotencyKey.groupId(caller.userId(), idempotencyKey);
        List<UserId> members = userIds(request.memberIds());
        accounts.requireRegistered(members);
        return send(new CreateGroup(id, caller.userId(), request.title(), members))
                .thenApply(outcome -> withToken(ResponseEntity.status(HttpStatus.CREATED), outcome)
                        .body(new ConversationCreated(id.value())));
    }

    @PostMapping("/{conversationId}/members")
    CompletableFuture<ResponseEntity<Void>> addMembers(@RequestAttribute(Caller.REQUEST_ATTRIBUTE) Caller caller,
                                                       @PathVariable String conversationId,
                                                       @Valid @RequestBody MembersRequest request) {
        List<UserId> users = userIds(request.userIds());
        accounts.requireRegistered(users);
        return noContent(send(new AddMembers(ConversationId.of(conversationId), caller.userId(), users)));
    }

    @DeleteMapping("/{conversationId}/members/{userId}")
    CompletableFuture<ResponseEntity<Void>> removeMember(@RequestAttribute(Caller.REQUEST_ATTRIBUTE) Caller caller,
                                                         @PathVariable String conversationId,
                                                         @PathVariable String userId) {
        return noContent(send(new RemoveMember(ConversationId.of(conversationId), caller.userId(),
                UserId.of(userId))));
    }

    @PostMapping("/{conversationId}/messages")
    CompletableFuture<ResponseEntity<MessageAccepted>> send(@RequestAttribute(Caller.REQUEST_ATTRIBUTE) Caller caller,
                                                            @PathVariable String conversationId,
                                                            @Valid @RequestBody SendRequest request) {
        long start = System.nanoTime();
        SendMessage command = new SendMessage(ConversationId.of(conversationId), caller.userId(),
                request.clientMessageId(), request.text(), request.mediaId() == null ? null : MediaId.of(request.mediaId()),
                request.replyTo());
        return this.<MessageAccepted>send(command)
                .whenComplete((outcome, failure) -> sends.record(start, failure))
                .thenApply(outcome -> withToken(ResponseEntity.status(HttpStatus.CREATED), outcome)
                        .body(outcome.result()));
    }

    @PostMapping("/{conversationId}/delivered")
    CompletableFuture<ResponseEntity<Void>> delivered(@RequestAttribute(Caller.REQUEST_ATTRIBUTE) Caller caller,
                                                      @PathVariable String conversationId,
                                                      @Valid @RequestBody WatermarkRequest request) {
        return noContent(send(new MarkDelivered(ConversationId.of(conversationId), caller.userId(),
                request.upToSeq())));
    }

    @PostMapping("/{conversationId}/read")
    CompletableFuture<ResponseEntity<Void>> read(@RequestAttribute(Caller.REQUEST_ATTRIBUTE) Caller caller,
                                                 @PathVariable String conversationId,
                                                 @Valid @RequestBody WatermarkRequest request) {
        return noContent(send(new MarkRead(ConversationId.of(conversationId), caller.userId(),
                request.upToSeq())));
    }

    private static CompletableFuture<ResponseEntity<Void>> noContent(CompletableFuture<? extends CommandOutcome<?>> sent) {
        return sent.thenApply(outcome -> withToken(ResponseEntity.status(HttpStatus.NO_CONTENT), outcome).build());
    }

    private <R> CompletableFuture<CommandOutcome<R>> send(Object command) {
        return CommandOutcome.send(commands, command);
    }

    /** The {@link ConsistencyToken} of what the command stored, for the client to read its own write with. */
    private static ResponseEntity.BodyBuilder withToken(ResponseEntity.BodyBuilder response, CommandOutcome<?> outcome) {
        return outcome.consistencyToken() == null ? response
                : response.header(ConsistencyToken.HEADER, outcome.consistencyToken());
    }

    private static List<UserId> userIds(List<String> values) {
        return values.stream().map(UserId::of).distinct().toList();
    }
}
