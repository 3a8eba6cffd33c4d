package io.parley.gateway.typing;

import io.parley.api.account.UserId;
import io.parley.api.conversation.ConversationId;
import io.parley.api.problem.Rejection;
import io.parley.gateway.connection.ConnectionRegistry;
import io.parley.gateway.connection.DeviceConnection;
import io.parley.gateway.connection.FrameWriter;
import io.parley.gateway.frame.ClientFrame;
import io.parley.gateway.frame.FrameErrors;
import io.parley.gateway.frame.ServerFrame;
import io.parley.gateway.block.Blocks;
import io.parley.gateway.membership.Memberships;
import io.parley.gateway.peers.GatewayPeers;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.TextMessage;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Typing indicators: relayed to the conversation's other members and forgotten after a few seconds unless
 * renewed. Ephemeral by design: nothing is stored anywhere. The other gateway nodes are told too ({@link GatewayPeers}),
 * and tell their own sockets.
 */
@Component
public class TypingRelay {

    private final Memberships memberships;
    private final Blocks blocks;
    private final ConnectionRegistry connections;
    private final FrameWriter frames;
    private final GatewayPeers peers;
    private final Duration ttl;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "parley-typing-expiry");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, ScheduledFuture<?>> expiries = new ConcurrentHashMap<>();
    /** Typing on other nodes, stopped here a second after their own expiry in case their node died meanwhile. */
    private final Map<String, ScheduledFuture<?>> elsewhere = new ConcurrentHashMap<>();

    TypingRelay(Memberships memberships, Blocks blocks, ConnectionRegistry connections, FrameWriter frames,
                GatewayPeers peers, @Value("${parley.gateway.typing-ttl:5s}") Duration ttl) {
        this.memberships = memberships;
        this.blocks = blocks;
        this.connections = connections;
        this.frames = frames;
        this.peers = peers;
        this.ttl = ttl;
        peers.onTyping(this::typedElsewhere);
    }

    public void relay(DeviceConnection connection, ClientFrame frame) {
        ConversationId conversation = ConversationId.of(frame.text("conversationId"));
        String state = frame.text("state");
        if (!state.equals("start") && !state.equals("stop")) {
            throw ClientFrame.invalid("'state' must be start or stop");
        }
        UserId user = connection.caller().userId();
        if (!memberships.isMember(conversation, user)) {
            connection.send(frames.write(FrameErrors.of(frame.id(), Rejection.NOT_A_MEMBER, "Not a member of this conversation")));
            return;
        }
        String key = conversation.value() + "|" + user.value();
        ScheduledFuture<?> previous = state.equals("start")
                ? expiries.put(key, timer.schedule(() -> expire(key, conversation, user), ttl.toMillis(), TimeUnit.MILLISECONDS))
                : expiries.remove(key);
        if (previous != null) {
            previous.cancel(false);
        }
        broadcast(conversation, user, state);
    }

    private void expire(String key, ConversationId conversation, UserId user) {
        expiries.remove(key);
        broadcast(conversation, user, "stop");
    }

    private void broadcast(ConversationId conversation, UserId typist, String state) {
        ServerFrame.Typing typing = new ServerFrame.Typing(conversation.value(), typist.value(), state);
        tellMembersHere(typing);
        peers.typing(typing);
    }

    private void typedElsewhere(ServerFrame.Typing typing) {
        String key = typing.conversationId() + "|" + typing.userId();
        ServerFrame.Typing stop = new ServerFrame.Typing(typing.conversationId(), typing.userId(), "stop");
        ScheduledFuture<?> previous = typing.state().equals("start")
                ? elsewhere.put(key, timer.schedule(() -> {
                    if (elsewhere.remove(key) != null) {
                        tellMembersHere(stop);
                    }
                }, ttl.toMillis() + 1000, TimeUnit.MILLISECONDS))
                : elsewhere.remove(key);
        if (previous != null) {
            previous.cancel(false);
        }
        tellMembersHere(typing);
    }

    /** The members' sockets on this node, the typist's own devices and anyone blocked either way left out. */
    private void tellMembersHere(ServerFrame.Typing typing) {
        ConversationId conversation = ConversationId.of(typing.conversationId());
        UserId typist = UserId.of(typing.userId());
        TextMessage message = frames.write(typing);
        for (UserId member : memberships.of(conversation)) {
            if (!member.equals(typist) && !blocks.between(typist, member)) {
                connections.of(member).forEach(connection -> connection.send(message));
            }
        }
    }
}
