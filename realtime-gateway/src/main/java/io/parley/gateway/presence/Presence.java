package io.parley.gateway.presence;

import io.parley.api.account.UserId;
import io.parley.api.query.ConversationList;
import io.parley.api.query.ConversationSummary;
import io.parley.api.query.ListConversations;
import io.parley.gateway.frame.ServerFrame;
import io.parley.gateway.socket.ConnectionRegistry;
import io.parley.gateway.socket.DeviceConnection;
import io.parley.gateway.socket.FrameWriter;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.TextMessage;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * Online / offline, told to the users who share a conversation with the user. Ephemeral: never in the event
 * store. A device that connects is told which of its contacts are online now.
 */
@Component
public class Presence {

    private static final Logger log = LoggerFactory.getLogger(Presence.class);

    private final ConnectionRegistry connections;
    private final QueryGateway queries;
    private final FrameWriter frames;
    private final Map<UserId, Instant> lastSeen = new ConcurrentHashMap<>();
    private final ExecutorService workers = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "parley-presence");
        thread.setDaemon(true);
        return thread;
    });

    Presence(ConnectionRegistry connections, QueryGateway queries, FrameWriter frames) {
        this.connections = connections;
        this.queries = queries;
        this.frames = frames;
    }

    public void connected(DeviceConnection connection, boolean firstDevice) {
        UserId user = connection.caller().userId();
        workers.execute(() -> {
            Set<UserId> contacts = contactsOf(user);
            if (firstDevice) {
                tell(contacts, new ServerFrame.Presence(user.value(), true, null));
            }
            for (UserId contact : contacts) {
                boolean online = connections.isOnline(contact);
                connection.send(frames.write(new ServerFrame.Presence(contact.value(), online,
                        online ? null : lastSeen.get(contact))));
            }
        });
    }

    public void disconnected(UserId user) {
        Instant now = Instant.now();
        lastSeen.put(user, now);
        workers.execute(() -> tell(contactsOf(user), new ServerFrame.Presence(user.value(), false, now)));
    }

    private void tell(Set<UserId> contacts, ServerFrame.Presence presence) {
        TextMessage message = frames.write(presence);
        contacts.forEach(contact -> connections.of(contact).forEach(connection -> connection.send(message)));
    }

    private Set<UserId> contactsOf(UserId user) {
        try {
            return queries.query(new ListConversations(user), ResponseTypes.instanceOf(ConversationList.class)).join()
                    .conversations().stream()
                    .flatMap(conversation -> conversation.members().stream())
                    .map(ConversationSummary.Member::userId)
                    .map(UserId::of)
                    .filter(contact -> !contact.equals(user))
                    .collect(Collectors.toSet());
        } catch (RuntimeException unavailable) {
            log.debug("Contacts of {} unavailable: {}", user, unavailable.toString());
            return Set.of();
        }
    }
}
