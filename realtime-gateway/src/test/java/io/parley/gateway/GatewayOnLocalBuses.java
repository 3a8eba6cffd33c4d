package io.parley.gateway;

import io.parley.api.account.UserId;
import io.parley.api.conversation.ConversationId;
import io.parley.platform.testing.SocketClient;
import io.parley.platform.testing.TestAccessTokens;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway as a service of its own on local buses, for tests: its nodes share an in-memory event store that the
 * test writes to (as the command side would), stand-ins the test gives answer for the other sides, and devices
 * connect with access tokens signed by a key pair made for the test (ES256, with the device and session claims).
 */
public final class GatewayOnLocalBuses {

    private final InMemoryEventStorageEngine events = new InMemoryEventStorageEngine();
    private final Map<ConversationId, AtomicLong> sequences = new ConcurrentHashMap<>();
    private final TestAccessTokens tokens;

    /** Makes the token key pair under {@code keys}. */
    public GatewayOnLocalBuses(Path keys) {
        this.tokens = new TestAccessTokens(keys);
    }

    /** Stores a conversation's next event, as the command side would. */
    public void store(ConversationId conversation, Object event) {
        long seq = sequences.computeIfAbsent(conversation, id -> new AtomicLong()).getAndIncrement();
        events.appendEvents(new GenericDomainEventMessage<>("Conversation", conversation.value(), seq, event));
    }

    /** A gateway node on the shared event store, with the stand-ins' handlers and these extra arguments. */
    public ConfigurableApplicationContext start(String nodeId, List<Class<?>> standIns, String... arguments) {
        SpringApplication application = GatewayApplication.application();
        application.addPrimarySources(standIns);
        application.addInitializers(context -> context.getBeanFactory().registerSingleton("eventStorageEngine", events));
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--server.address=127.0.0.1",
                "--axon.axonserver.enabled=false", "--PARLEY_NODE_ID=" + nodeId,
                "--PARLEY_JWT_PUBLIC_KEY_FILE=" + tokens.publicKey()));
        args.addAll(List.of(arguments));
        return application.run(args.toArray(String[]::new));
    }

    public static int port(ConfigurableApplicationContext node) {
        return ((WebServerApplicationContext) node).getWebServer().getPort();
    }

    /** A device of the user's, connected to the node (not resumed). */
    public SocketClient connect(ConfigurableApplicationContext node, UserId user) {
        return SocketClient.connect(port(node), tokens.accessToken(user.value()));
    }

    /** An access token of the user's device. */
    public String accessToken(UserId user, String deviceId) {
        return tokens.deviceAccessToken(user.value(), deviceId);
    }
}
