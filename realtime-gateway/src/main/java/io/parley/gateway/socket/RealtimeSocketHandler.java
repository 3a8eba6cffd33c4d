package io.parley.gateway.socket;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.platform.auth.VerifiedAccessToken;
import io.parley.api.problem.RejectedException;
import io.parley.api.problem.Rejection;
import io.parley.gateway.catchup.CatchUp;
import io.parley.gateway.connection.ConnectionRegistry;
import io.parley.gateway.connection.DeviceConnection;
import io.parley.gateway.connection.FrameWriter;
import io.parley.gateway.frame.ClientFrame;
import io.parley.gateway.frame.ClientFrameType;
import io.parley.gateway.frame.FrameErrors;
import io.parley.gateway.frame.ServerFrame;
import io.parley.gateway.peers.GatewayPeers;
import io.parley.gateway.presence.Presence;
import io.parley.gateway.relay.CommandRelay;
import io.parley.gateway.typing.TypingRelay;
import io.parley.platform.logs.RequestIds;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * One handler for every device socket: registers it, reads its frames, and hands each to its job, at the socket's
 * frame rate ({@link InboundFrames}).
 */
@Component
class RealtimeSocketHandler extends TextWebSocketHandler implements DisposableBean {

    static final CloseStatus RATE_LIMITED = new CloseStatus(CloseStatus.POLICY_VIOLATION.getCode(), "rate limit exceeded");
    private static final String CONNECTION = "parley.connection";
    private static final String INBOUND = "parley.inbound";
    private static final String PARTS = "parley.parts";
    static final String FRAME_OBSERVATION = "parley.socket.frame";
    private static final String FRAME_TYPE = "frame.type";
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
    private final GatewayPeers peers;
    private final ObservationRegistry observations;
    /** Hands frames that waited for their socket's rate on; it only paces, the handling itself is quick. */
    private final ScheduledExecutorService pacer = Executors.newScheduledThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "parley-frame-pacer");
        thread.setDaemon(true);
        return thread;
    });

    RealtimeSocketHandler(ConnectionRegistry registry, GatewayProperties properties, ObjectMapper json,
                          FrameWriter frames, CommandRelay commands, TypingRelay typing, CatchUp catchUp,
                          Presence presence, SocketSessions sessions, SocketMeters meters, GatewayPeers peers,
                          ObservationRegistry observations) {
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
        this.peers = peers;
        this.observations = observations;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
        VerifiedAccessToken token = (VerifiedAccessToken) session.getAttributes().get(AccessTokenHandshake.TOKEN);
        DeviceConnection connection = new DeviceConnection(token, session, properties.sendTimeLimitMillis(),
                properties.sendBufferBytes(), meters.drops());
        ConnectionRegistry.Added added = registry.add(connection, properties.maxSocketsPerUser());
        if (added == ConnectionRegistry.Added.REFUSED) {
            connection.close(DeviceConnection.TOO_MANY_SOCKETS);
            return;
        }
        session.getAttributes().put(CONNECTION, connection);
        session.getAttributes().put(PARTS, new FrameParts(properties.maxFrameBytes()));
        session.getAttributes().put(INBOUND, new InboundFrames(properties.framesPerSecond(), properties.frameBurst(),
                properties.maxQueuedFrames(), properties.maxQueuedChars(), pacer, frame -> handle(connection, frame)));
        // before the presence: a push worked out on another node from now on knows the device has a socket
        peers.deviceConnected(connection.caller().userId(), connection.caller().deviceId());
        presence.connected(connection, added == ConnectionRegistry.Added.FIRST);
        sessions.registered(connection);
    }

    /** Frames come in parts when they are larger than the container's small read buffer ({@link FrameParts}). */
    @Override
    public boolean supportsPartialMessages() {
        return true;
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage part) {
        DeviceConnection connection = connectionOf(session);
        if (connection == null) {
            return; // refused at registration, closing
        }
        TextMessage message;
        try {
            message = ((FrameParts) session.getAttributes().get(PARTS)).add(part);
        } catch (FrameParts.TooBig tooBig) {
            connection.close(CloseStatus.TOO_BIG_TO_PROCESS);
            return;
        }
        if (message == null) {
            return; // more parts to come
        }
        connection.heard();
        InboundFrames inbound = (InboundFrames) session.getAttributes().get(INBOUND);
        if (!inbound.offer(message)) {
            inbound.discard(); // no more answers to queued frames: the error is the socket's last frame
            connection.closeAfter(frames.write(FrameErrors.of(null, Rejection.RATE_LIMITED, "More than "
                    + properties.maxQueuedFrames() + " frames waiting for their turn at " + properties.framesPerSecond()
                    + " a second")), RATE_LIMITED);
        }
    }

    /**
     * On the thread that read the frame, or on the pacer's when it waited for the socket's rate. Each frame is a
     * request of its own, in the logs and as a trace (observation {@value #FRAME_OBSERVATION}, named by the frame's
     * type only), through the command it sends to that command's events.
     */
    private void handle(DeviceConnection connection, TextMessage message) {
        Observation observation = Observation.createNotStarted(FRAME_OBSERVATION, observations)
                .contextualName("socket frame").lowCardinalityKeyValue(FRAME_TYPE, "invalid");
        observation.observe(() -> {
            try (RequestIds.Scope ignored = RequestIds.open(RequestIds.create())) {
                handleUnderRequestId(connection, message, observation);
            }
        });
    }

    private void handleUnderRequestId(DeviceConnection connection, TextMessage message, Observation observation) {
        ClientFrame frame = null;
        try {
            frame = ClientFrame.of(json.readTree(message.getPayload()));
            String type = ClientFrameType.of(frame.type()).wireName();
            observation.contextualName("socket " + type).lowCardinalityKeyValue(FRAME_TYPE, type);
            log.debug("A {} frame on socket {}", ClientFrameType.of(frame.type()), connection.id());
            dispatch(connection, frame);
        } catch (JsonProcessingException notJson) {
            connection.send(frames.write(FrameErrors.of(null, Rejection.INVALID_FRAME, "A frame must be JSON")));
        } catch (RejectedException rejected) {
            connection.send(frames.write(FrameErrors.of(frame == null ? null : frame.id(), rejected.rejection(),
                    rejected.getMessage())));
        } catch (RuntimeException failure) {
            // an outage under a typing frame's query, say: an error frame, and the socket stays
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
            case REACT -> commands.react(connection, frame);
            case UNREACT -> commands.unreact(connection, frame);
            case EDIT -> commands.edit(connection, frame);
            case DELETE -> commands.delete(connection, frame);
            case FORWARD -> commands.forward(connection, frame);
            case RESUME -> catchUp.resume(connection, frame.id(), frame.positions("positions"),
                    frame.positions("changes"));
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
        InboundFrames inbound = (InboundFrames) session.getAttributes().get(INBOUND);
        if (inbound != null) {
            inbound.discard();
        }
        DeviceConnection connection = (DeviceConnection) session.getAttributes().get(CONNECTION);
        if (connection == null) {
            return;
        }
        boolean lastOfTheUser = registry.remove(connection);
        peers.deviceDisconnected(connection.caller().userId(), connection.caller().deviceId());
        if (lastOfTheUser) {
            presence.disconnected(connection.caller().userId());
        }
    }

    @Override
    public void destroy() {
        pacer.shutdownNow();
    }

    private static DeviceConnection connectionOf(WebSocketSession session) {
        return (DeviceConnection) session.getAttributes().get(CONNECTION);
    }
}
