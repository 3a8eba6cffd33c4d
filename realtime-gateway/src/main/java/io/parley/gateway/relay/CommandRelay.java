package io.parley.gateway.relay;

import io.micrometer.core.instrument.MeterRegistry;
import io.parley.api.conversation.ConversationId;
import io.parley.api.conversation.DeleteMessage;
import io.parley.api.conversation.EditMessage;
import io.parley.api.conversation.ForwardMessage;
import io.parley.api.conversation.HideMessage;
import io.parley.api.conversation.MarkDelivered;
import io.parley.api.conversation.RemoveReaction;
import io.parley.api.conversation.SetReaction;
import io.parley.api.conversation.MarkRead;
import io.parley.api.conversation.MessageAccepted;
import io.parley.api.conversation.SendMessage;
import io.parley.api.media.MediaId;
import io.parley.platform.metrics.SendMeter;
import io.parley.gateway.frame.ClientFrame;
import io.parley.gateway.frame.FrameErrors;
import io.parley.gateway.frame.ServerFrame;
import io.parley.gateway.connection.DeviceConnection;
import io.parley.gateway.connection.FrameWriter;
import io.parley.platform.consistency.CommandOutcome;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.util.concurrent.CompletableFuture;


/**
 * {@code send}, {@code delivered}, {@code read} and the message actions' frames ({@code react}, {@code unreact},
 * {@code edit}, {@code delete}, {@code forward}) become the same commands as the REST API's, dispatched
 * one conversation at a time ({@link ConversationLanes}); the ack or error frame follows each.
 */
@Component
public class CommandRelay implements DisposableBean {

    private final CommandGateway commands;
    private final FrameWriter frames;
    private final ConversationLanes lanes;
    private final SendMeter sends;

    CommandRelay(CommandGateway commands, FrameWriter frames, MeterRegistry meters,
                 @Value("${parley.gateway.dispatch-threads:128}") int dispatchThreads) {
        this.commands = commands;
        this.frames = frames;
        this.lanes = new ConversationLanes(dispatchThreads);
        this.sends = new SendMeter(meters, "socket");
    }

    /** The ack goes out only once the message is stored: the command completes after the commit. */
    public void send(DeviceConnection connection, ClientFrame frame) {
        long start = System.nanoTime();
        String mediaId = frame.optionalText("mediaId");
        SendMessage command = new SendMessage(ConversationId.of(frame.text("conversationId")),
                connection.caller().userId(), frame.text("clientMessageId"), frame.optionalText("text"),
                mediaId == null ? null : MediaId.of(mediaId), frame.optionalNumber("replyTo"));
        lanes.submit(command.conversationId().value(), () -> this.<MessageAccepted>dispatch(command)
                .whenComplete((outcome, failure) -> {
                    sends.record(start, failure);
                    connection.send(frames.write(failure == null ? ack(frame, outcome) : FrameErrors.of(frame.id(), failure)));
                }));
    }

    private static ServerFrame.Ack ack(ClientFrame frame, CommandOutcome<MessageAccepted> outcome) {
        MessageAccepted accepted = outcome.result();
        return new ServerFrame.Ack(frame.id(), accepted.messageId().value(), accepted.seq(), accepted.sentAt(),
                outcome.consistencyToken());
    }

    public void delivered(DeviceConnection connection, ClientFrame frame) {
        ConversationId conversation = ConversationId.of(frame.text("conversationId"));
        acknowledge(connection, frame, conversation,
                new MarkDelivered(conversation, connection.caller().userId(), frame.number("upToSeq")));
    }

    public void read(DeviceConnection connection, ClientFrame frame) {
        ConversationId conversation = ConversationId.of(frame.text("conversationId"));
        acknowledge(connection, frame, conversation,
                new MarkRead(conversation, connection.caller().userId(), frame.number("upToSeq")));
    }

    // ---------------------------------------------------------------- message actions

    public void react(DeviceConnection connection, ClientFrame frame) {
        ConversationId conversation = ConversationId.of(frame.text("conversationId"));
        acknowledge(connection, frame, conversation, new SetReaction(conversation, connection.caller().userId(),
                frame.number("seq"), frame.text("emoji")));
    }

    public void unreact(DeviceConnection connection, ClientFrame frame) {
        ConversationId conversation = ConversationId.of(frame.text("conversationId"));
        acknowledge(connection, frame, conversation, new RemoveReaction(conversation, connection.caller().userId(),
                frame.number("seq")));
    }

    public void edit(DeviceConnection connection, ClientFrame frame) {
        ConversationId conversation = ConversationId.of(frame.text("conversationId"));
        acknowledge(connection, frame, conversation, new EditMessage(conversation, connection.caller().userId(),
                frame.number("seq"), frame.optionalText("text")));
    }

    /** {@code for}: {@code everyone} (the default) or {@code me}. */
    public void delete(DeviceConnection connection, ClientFrame frame) {
        ConversationId conversation = ConversationId.of(frame.text("conversationId"));
        String audience = frame.optionalText("for");
        long seq = frame.number("seq");
        Object command;
        if (audience == null || audience.equals("everyone")) {
            command = new DeleteMessage(conversation, connection.caller().userId(), seq);
        } else if (audience.equals("me")) {
            command = new HideMessage(conversation, connection.caller().userId(), seq);
        } else {
            throw ClientFrame.invalid("'for' is 'everyone' or 'me'");
        }
        acknowledge(connection, frame, conversation, command);
    }

    /** Into {@code conversationId}, a copy of {@code fromSeq} of {@code fromConversationId}; acked as a send is. */
    public void forward(DeviceConnection connection, ClientFrame frame) {
        ForwardMessage command = new ForwardMessage(ConversationId.of(frame.text("conversationId")),
                connection.caller().userId(), frame.text("clientMessageId"),
                ConversationId.of(frame.text("fromConversationId")), frame.number("fromSeq"));
        lanes.submit(command.conversationId().value(), () -> this.<MessageAccepted>dispatch(command)
                .whenComplete((outcome, failure) -> connection.send(
                        frames.write(failure == null ? ack(frame, outcome) : FrameErrors.of(frame.id(), failure)))));
    }

    private void acknowledge(DeviceConnection connection, ClientFrame frame, ConversationId conversation, Object command) {
        lanes.submit(conversation.value(), () -> dispatch(command).whenComplete((outcome, failure) -> {
            if (failure != null) {
                connection.send(frames.write(FrameErrors.of(frame.id(), failure)));
            } else if (frame.id() != null) {
                connection.send(frames.write(ServerFrame.Ack.of(frame.id(), outcome.consistencyToken())));
            }
        }));
    }

    /** A bus that cannot dispatch at all (no Axon Server connection) may throw at once: that is an error frame too. */
    private <R> CompletableFuture<CommandOutcome<R>> dispatch(Object command) {
        try {
            return CommandOutcome.send(commands, command);
        } catch (RuntimeException failure) {
            return CompletableFuture.failedFuture(failure);
        }
    }

    @Override
    public void destroy() {
        lanes.close();
    }
}
