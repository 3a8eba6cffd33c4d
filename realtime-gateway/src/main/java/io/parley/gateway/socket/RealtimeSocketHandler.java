package io.parley.gateway.socket;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.api.auth.VerifiedAccessToken;
import io.parley.api.problem.RejectedException;
import io.parley.api.problem.Rejection;
import io.parley.gateway.catchup.CatchUp;
import io.parley.gateway.frame.ClientFrame;
import io.parley.gateway.frame.ClientFrameType;
import io.parley.gateway.frame.FrameErrors;
import io.parley.gateway.frame.ServerFrame;
import io.parley.gateway.presence.Presence;
import io.parley.gateway.relay.CommandRelay;
import io.parley.gateway.typing.TypingRelay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/** One handler for every device socket: registers it, reads its frames, and hands each to its job. */
@Component
class RealtimeSocketHandler extends TextWebSocketHandler {

    static final CloseStatus RATE_LIMITED = new CloseStatus(CloseStatus.POLICY_VIOLATION.getCode(), "rate limit exceeded");
    private static final String CONNECTION = "parley.connection";
    private static final Logger log = LoggerFactory.getLogger(RealtimeSocketHandler.class);

    private final ConnectionRegistry registry;
    private final GatewayProperties properties;
    private final ObjectMapper json;
    private final FrameWriter frames;
    private final CommandRelay commands;
    private final TypingRelay typing;
    private final CatchUp catchUp;
    private final Presence presence;
    private final SocketSessions sessions;
    private final SocketMeters meters;

    RealtimeSocketHandler(ConnectionRegistry registry, GatewayProperties properties, ObjectMapper json,
                          FrameWriter frames, CommandRelay commands, TypingRelay typing, CatchUp catchUp,
                          Presence presence, SocketSessions sessions, SocketMeters meters) {
        this.registry = registry;
        this.properties = properties;
        this.json = json;
        this.frames = frames;
        this.commands = commands;
        this.typing = typing;
        this.catchUp = catchUp;
        this.presence = presence;
        this.sessions = sessions;
        this.meters = meters;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
        VerifiedAccessToken token = (VerifiedAccessToken) session.getAttributes().get(AccessTokenHandshake.TOKEN);
        DeviceConnection connection = new DeviceConnection(token, session, properties.sendTimeLimitMillis(),
                properties.sendBufferBytes(), new FrameRateLimiter(properties.framesPerSecond(), properties.frameBurst()),
                meters.drops());
        ConnectionRegistry.Added added = registry.add(connection, properties.maxSocketsPerUser());
        if (added == ConnectionRegistry.Added.REFUSED) {
            connection.close(DeviceConnection.TOO_MANY_SOCKETS);
            return;
        }
        session.getAttributes().put(CONNECTION, connection);
        presence.connected(connection, added == ConnectionRegistry.Added.FIRST);
        sessions.registered(connection);
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        DeviceConnection connection = connectionOf(session);
        if (connection == null) {
            return; // refused at registration, closing
        }
        connection.heard();
        ClientFrame frame = null;
        try {
            if (!connection.allowFrame()) {
                throw Rejection.RATE_LIMITED.exception("More than " + properties.framesPerSecond() + " frames a second");
            }
            frame = ClientFrame.of(json.readTree(message.getPayload()));
            dispatch(connection, frame);
        } catch (JsonProcessingException notJson) {
            connection.send(frames.write(FrameErrors.of(null, Rejection.INVALID_FRAME, "A frame must be JSON")));
        } catch (RejectedException rejected) {
            connection.send(frames.write(FrameErrors.of(frame == null ? null : frame.id(), rejected.rejection(),
                    rejected.getMessage())));
            if (rejected.rejection() == Rejection.RATE_LIMITED && !connection.allowFrame()) {
                connection.close(RATE_LIMITED);
            }
        } catch (RuntimeException failure) {
            // met on the frame's own thread (an outage under a typing frame's query): an error frame, the socket stays
            ServerFrame.Error error = FrameErrors.of(frame == null ? null : frame.id(), failure);
            if (error.status() >= 500 && error.retryAfter() == null) {
                log.error("A {} frame failed unexpectedly", frame == null ? "?" : frame.type(), failure);
            }
            connection.send(frames.write(error));
        }
    }

    private void dispatch(DeviceConnection connection, ClientFrame frame) {
        switch (ClientFrameType.of(frame.type())) {
            case SEND -> commands.send(connection, frame);
            case DELIVERED -> commands.delivered(connection, frame);
            case READ -> commands.read(connection, frame);
            case TYPING -> typing.relay(connection, frame);
            case RESUME -> catchUp.resume(connection, frame.id(), frame.positions("positions"));
            case PING -> connection.send(frames.write(new ServerFrame.Pong(frame.id())));
            case AUTH -> sessions.authenticate(connection, frame);
        }
    }

    @Override
    protected void handlePongMessage(WebSocketSession session, PongMessage message) {
        DeviceConnection connection = connectionOf(session);
        if (connection != null) {
            connection.heard();
        }
    }

    @Override
    public void handleTransportError(WebSocketSession session, Throwable failure) {
        log.debug("Transport error on socket {}: {}", session.getId(), failure.toString());
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        DeviceConnection connection = (DeviceConnection) session.getAttributes().get(CONNECTION);
        if (connection != null && registry.remove(connection)) {
            presence.disconnected(connection.caller().userId());
        }
    }

    private static DeviceConnection connectionOf(WebSocketSession session) {
        return (DeviceConnection) session.getAttributes().get(CONNECTION);
    }
}
