package io.parley.gateway.requests;

import io.parley.api.conversation.MessageRequestAccepted;
import io.parley.api.conversation.MessageRequestOpened;
import io.parley.gateway.block.Blocks;
import io.parley.gateway.connection.ConnectionRegistry;
import io.parley.gateway.connection.FrameWriter;
import io.parley.gateway.frame.ServerFrame;
import io.parley.gateway.presence.Presence;
import io.parley.api.account.UserId;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ReplayStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.TextMessage;

import java.util.List;

/**
 * Message requests in the realtime processor: while one is not accepted, its two users share neither presence nor
 * typing ({@link Blocks#between}); the presence the chat's start shared is taken back, and accepting shares it.
 */
@Component
@ProcessingGroup("realtime") // RealtimeProjector.PROCESSING_GROUP: the same processor, in event order
class MessageRequestRelay {

    private final Blocks blocks;
    private final ConnectionRegistry connections;
    private final FrameWriter frames;
    private final Presence presence;

    MessageRequestRelay(Blocks blocks, ConnectionRegistry connections, FrameWriter frames, Presence presence) {
        this.blocks = blocks;
        this.connections = connections;
        this.frames = frames;
        this.presence = presence;
    }

    @EventHandler
    void on(MessageRequestOpened event, ReplayStatus replay) {
        blocks.requestOpened(event.requester(), event.userId());
        if (replay.isReplay()) {
            return;
        }
        hidePresence(event.requester(), event.userId());
        hidePresence(event.userId(), event.requester());
    }

    @EventHandler
    void on(MessageRequestAccepted event, ReplayStatus replay) {
        blocks.requestAccepted(event.requester(), event.userId());
        if (replay.isReplay()) {
            return;
        }
        List<UserId> pair = List.of(event.requester(), event.userId());
        presence.introduce(pair, pair);
    }

    private void hidePresence(UserId from, UserId whom) {
        TextMessage frame = frames.write(new ServerFrame.Presence(whom.value(), false, null));
        connections.of(from).forEach(connection -> connection.send(frame));
    }
}
