package io.parley.gateway.presence;

import io.parley.api.account.UserId;
import io.parley.api.presence.RecordLastSeen;
import io.parley.gateway.connection.ConnectionRegistry;
import io.parley.gateway.connection.DeviceConnection;
import io.parley.gateway.connection.FrameWriter;
import io.parley.gateway.frame.ServerFrame;
import io.parley.gateway.block.Blocks;
import io.parley.gateway.membership.EventStreamProgress;
import io.parley.gateway.membership.Memberships;
import io.parley.gateway.peers.GatewayPeers;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.TextMessage;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Online / offline, told to the users who share a conversation with the user. Ephemeral: never in the event
 * store. A device that connects is told which of its contacts are online now. A user is online while any gateway node
 * holds a socket of theirs; the other nodes' changes come through {@link GatewayPeers}.
 */
@Component
public class Presence {

    private static final Logger log = LoggerFactory.getLogger(Presence.class);

    private final ConnectionRegistry connections;
    private final Memberships memberships;
    private final Blocks blocks;
    private final EventStreamProgress viewProgress;
    private final Duration viewLoadWait;
    private final CommandGateway commands;
    private final FrameWriter frames;
    private final GatewayPeers peers;
    private final Map<UserId, Instant> lastSeen = new ConcurrentHashMap<>();
    private final ExecutorService workers = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "parley-presence");
        thread.setDaemon(true);
        return thread;
    });
    /** Whether the membership view has read up to the head of the event stream once since the start. */
    private volatile boolean viewLoaded;

    Presence(ConnectionRegistry connections, Memberships memberships, Blocks blocks, EventStreamProgress viewProgress,
             CommandGateway commands, FrameWriter frames, GatewayPeers peers,
             @Value("${parley.gateway.view-load-timeout:60s}") Duration viewLoadWait) {
        this.connections = connections;
        this.memberships = memberships;
        this.blocks = blocks;
        this.viewProgress = viewProgress;
        this.viewLoadWait = viewLoadWait;
        this.commands = commands;
        this.frames = frames;
        this.peers = peers;
        peers.onPresence(change -> workers.execute(() -> changedElsewhere(change)));
        peers.onLostWithNode(this::recordLastSeen);
    }

    public void connected(DeviceConnection connection, boolean firstDevice) {
        UserId user = connection.caller().userId();
        workers.execute(() -> {
            Set<UserId> contacts = contactsOf(user);
            if (firstDevice) {
                peers.cameOnline(user);
                if (!peers.onlineElsewhere(user)) {
                    tell(contacts, new ServerFrame.Presence(user.value(), true, null));
                }
            }
            for (UserId contact : contacts) {
                connection.send(frames.write(presenceOf(contact)));
            }
        });
    }

    /** People who just came to share a conversation learn whether the others are online, and the others of them. */
    public void introduce(Collection<UserId> newcomers, Collection<UserId> members) {
        List<UserId> everyone = List.copyOf(members);
        workers.execute(() -> {
            for (UserId newcomer : newcomers) {
                for (UserId other : everyone) {
                    if (!other.equals(newcomer) && !blocks.between(newcomer, other)) {
                        tell(Set.of(newcomer), presenceOf(other));
                        if (!newcomers.contains(other)) {
                            tell(Set.of(other), presenceOf(newcomer));
                        }
                    }
                }
            }
        });
    }

    private ServerFrame.Presence presenceOf(UserId user) {
        boolean online = connections.isOnline(user) || peers.onlineElsewhere(user);
        return new ServerFrame.Presence(user.value(), online, online ? null : lastSeen.get(user));
    }

    public void disconnected(UserId user) {
        Instant now = Instant.now();
        lastSeen.put(user, now);
        recordLastSeen(user, now);
        workers.execute(() -> {
            if (peers.wentOffline(user, now)) {
                tell(contactsOf(user), new ServerFrame.Presence(user.value(), false, now));
            }
        });
    }

    private void recordLastSeen(UserId user, Instant at) {
        commands.send(new RecordLastSeen(user, at)).exceptionally(failure -> {
            log.warn("Could not record when {} was last seen: {}", user, failure.toString());
            return null;
        });
    }

    /** A user came online or went offline on another node; this node's sockets already know if it holds the user. */
    private void changedElsewhere(ServerFrame.Presence change) {
        UserId user = UserId.of(change.userId());
        if (!change.online() && change.lastSeen() != null) {
            lastSeen.put(user, change.lastSeen());
        }
        if (!connections.isOnline(user)) {
            tell(contactsOf(user), change);
        }
    }

    private void tell(Set<UserId> contacts, ServerFrame.Presence presence) {
        TextMessage message = frames.write(presence);
        contacts.forEach(contact -> connections.of(contact).forEach(connection -> connection.send(message)));
    }

    /**
     * From this node's membership view, without anyone blocked either way or with a message request between them
     * ({@link Blocks}). Both are kept by the realtime processor from the same events, a chat's request before its
     * members, so they never disagree; the query side's read model, which runs on its own, is not asked: it could list
     * a chat whose request this node has not applied yet. Right after the start the view is still loading: the first
     * step waits until it has read up to the head of the event stream (or until {@code view-load-timeout}).
     */
    private Set<UserId> contactsOf(UserId user) {
        awaitViewLoaded();
        Set<UserId> contacts = memberships.contactsOf(user);
        contacts.removeIf(contact -> blocks.between(user, contact));
        return contacts;
    }

    private void awaitViewLoaded() {
        if (viewLoaded) {
            return;
        }
        long head = viewProgress.head();
        long giveUpAt = System.nanoTime() + viewLoadWait.toNanos();
        try {
            while (!viewProgress.reached(head)) {
                if (System.nanoTime() - giveUpAt > 0) {
                    log.warn("The membership view did not reach position {} in {}: presence goes on with the view as it is",
                            head, viewLoadWait);
                    break;
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        viewLoaded = true;
    }
}
