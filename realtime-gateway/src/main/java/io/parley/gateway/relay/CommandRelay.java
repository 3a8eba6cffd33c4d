package io.parley.gateway.relay;

import io.parley.api.conversation.ConversationId;
import io.parley.api.conversation.MarkDelivered;
import io.parley.api.conversation.MarkRead;
import io.parley.api.conversation.MessageAccepted;
import io.parley.api.conversation.SendMessage;
import io.parley.api.media.MediaId;
import io.parley.gateway.frame.ClientFrame;
import io.parley.gateway.frame.FrameErrors;
import io.parley.gateway.frame.ServerFrame;
import io.parley.gateway.socket.DeviceConnection;
import io.parley.gateway.socket.FrameWriter;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;

import java.util.concurrent.CompletableFuture;

/** {@code send}, {@code delivered} and {@code read} frames become the same commands as the REST API's. */
@Component
public class CommandRelay {

    private final CommandGateway commands;
    private final FrameWriter frames;

    CommandRelay(CommandGateway commands, FrameWriter frames) {
        this.commands = commands;
        this.frames = frames;
    }

    /** The ack goes out only once the message is stored: the command completes after the commit. */
    public void send(DeviceConnection connection, ClientFrame frame) {
        String mediaId = frame.optionalText("mediaId");
        SendMessage command = new SendMessage(ConversationId.of(frame.text("conversationId")),
                connection.caller().userId(), frame.text("clientMessageId"), frame.optionalText("text"),
                mediaId == null ? null : MediaId.of(mediaId));
        CompletableFuture<MessageAccepted> sent = commands.send(command);
        sent.whenComplete((accepted, failure) -> connection.send(frames.write(failure == null
                ? new ServerFrame.Ack(frame.id(), accepted.messageId().value(), accepted.seq(), accepted.sentAt())
                : FrameErrors.of(frame.id(), failure))));
    }

    public void delivered(DeviceConnection connection, ClientFrame frame) {
        acknowledge(connection, frame, commands.send(new MarkDelivered(ConversationId.of(frame.text("conversationId")),
                connection.caller().userId(), frame.number("upToSeq"))));
    }

    public void read(DeviceConnection connection, ClientFrame frame) {
        acknowledge(connection, frame, commands.send(new MarkRead(ConversationId.of(frame.text("conversationId")),
                connection.caller().userId(), frame.number("upToSeq"))));
    }

    private void acknowledge(DeviceConnection connection, ClientFrame frame, CompletableFuture<?> done) {
        done.whenComplete((ignored, failure) -> {
            if (failure != null) {
                connection.send(frames.write(FrameErrors.of(frame.id(), failure)));
            } else if (frame.id() != null) {
                connection.send(frames.write(ServerFrame.Ack.of(frame.id())));
            }
        });
    }
}
