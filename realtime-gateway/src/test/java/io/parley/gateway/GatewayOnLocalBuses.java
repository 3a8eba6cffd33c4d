package io.parley.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsonwebtoken.Jwts;
import io.parley.api.account.UserId;
import io.parley.platform.auth.AccessTokenVerifier;
import io.parley.platform.auth.PemKeys;
import io.parley.api.conversation.ConversationId;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The gateway as a service of its own on local buses, for tests: its nodes share an in-memory event store that the
 * test writes to (as the command side would), stand-ins the test gives answer for the other sides, and devices
 * connect with access tokens signed by a key pair made for the test (ES256, with the device and session claims).
 */
public final class GatewayOnLocalBuses {

    private final InMemoryEventStorageEngine events = new InMemoryEventStorageEngine();
    private final Map<ConversationId, AtomicLong> sequences = new ConcurrentHashMap<>();
    private final Path privateKey;
    private final Path publicKey;

    /** Makes the token key pair under {@code keys}. */
    public GatewayOnLocalBuses(Path keys) {
        this.privateKey = keys.resolve("private/access-token-private.pem");
        this.publicKey = keys.resolve("public/access-token-public.pem");
        PemKeys.generateIfMissing(privateKey, publicKey);
    }

    public Path publicKey() {
        return publicKey;
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
                "--PARLEY_JWT_PUBLIC_KEY_FILE=" + publicKey));
        args.addAll(List.of(arguments));
        return application.run(args.toArray(String[]::new));
    }

    public static int port(ConfigurableApplicationContext node) {
        return ((WebServerApplicationContext) node).getWebServer().getPort();
    }

    /** A device of the user's, connected to the node (not resumed). */
    public Socket connect(ConfigurableApplicationContext node, UserId user) throws Exception {
        return Socket.connect(port(node), accessToken(user));
    }

    public String accessToken(UserId user) {
        Instant now = Instant.now();
        return Jwts.builder().issuer(AccessTokenVerifier.ISSUER).subject(user.value())
                .claim(AccessTokenVerifier.DEVICE_CLAIM, "laptop")
                .claim(AccessTokenVerifier.SESSION_CLAIM, UUID.randomUUID().toString())
                .issuedAt(Date.from(now)).expiration(Date.from(now.plusSeconds(600)))
                .signWith(PemKeys.readPrivateKey(privateKey), Jwts.SIG.ES256).compact();
    }

    /** A device's socket: every frame it gets, in arrival order. */
    public static final class Socket implements WebSocket.Listener {

        private static final ObjectMapper JSON = new ObjectMapper();
        private static final Duration WAIT = Duration.ofSeconds(10);

        private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        /** The close code, once the server closes the socket. */
        public final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private WebSocket webSocket;

        public static Socket connect(int port, String accessToken) throws Exception {
            Socket socket = new Socket();
            socket.webSocket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws?access_token=" + accessToken), socket)
                    .get(10, TimeUnit.SECONDS);
            return socket;
        }

        public void send(String frame) throws Exception {
            webSocket.sendText(frame, true).get(5, TimeUnit.SECONDS);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    received.add(JSON.readTree(partial.toString()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        /** The next frame that matches, skipping others; fails after 10 s. */
        public JsonNode next(Predicate<JsonNode> wanted) throws InterruptedException {
            JsonNode frame = poll(wanted, WAIT);
            if (frame == null) {
                throw new AssertionError("no such frame within " + WAIT);
            }
            return frame;
        }

        /** The answer to the client frame with this id; fails after 10 s. */
        public JsonNode answerTo(String id) throws InterruptedException {
            return next(frame -> id.equals(frame.path("id").asText()));
        }

        /** The next frame that matches within the time given, skipping others, or null. */
        public JsonNode poll(Predicate<JsonNode> wanted, Duration within) throws InterruptedException {
            long deadline = System.nanoTime() + within.toNanos();
            for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
                JsonNode frame = received.poll(left, TimeUnit.NANOSECONDS);
                if (frame != null && wanted.test(frame)) {
                    return frame;
                }
            }
            return null;
        }

        /** Every frame up to and including the first that matches; fails after 10 s. */
        public List<JsonNode> upTo(Predicate<JsonNode> last) throws InterruptedException {
            List<JsonNode> frames = new ArrayList<>();
            long deadline = System.nanoTime() + WAIT.toNanos();
            for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
                JsonNode frame = received.poll(left, TimeUnit.NANOSECONDS);
                if (frame != null) {
                    frames.add(frame);
                    if (last.test(frame)) {
                        return frames;
                    }
                }
            }
            throw new AssertionError("no such frame within " + WAIT + "; got " + frames);
        }

        public void close() {
            webSocket.abort();
        }
    }
}
