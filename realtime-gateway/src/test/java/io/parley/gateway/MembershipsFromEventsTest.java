package io.parley.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsonwebtoken.Jwts;
import io.parley.api.account.UserId;
import io.parley.api.auth.AccessTokenVerifier;
import io.parley.api.auth.PemKeys;
import io.parley.api.conversation.ConversationId;
import io.parley.api.conversation.GroupCreated;
import io.parley.api.conversation.MembersAdded;
import io.parley.api.conversation.MessageId;
import io.parley.api.conversation.MessageSent;
import io.parley.api.conversation.ReadUpTo;
import io.parley.api.query.ConversationList;
import io.parley.api.query.GetHistory;
import io.parley.api.query.GetMessageChanges;
import io.parley.api.query.GetReceipts;
import io.parley.api.query.MessageChangesPage;
import io.parley.api.query.HistoryPage;
import io.parley.api.query.ListConversations;
import io.parley.api.query.MessageView;
import io.parley.api.query.Receipts;
import io.parley.gateway.membership.Memberships;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.queryhandling.QueryHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's membership view comes from the events alone. Here the gateway runs as its own service with no
 * command side at all (local buses on an event store the test writes to, as the command side would, and a stand-in
 * for the query side's answers): it starts after the conversations were created, so it learns their members and
 * last seqs by replaying the stream, and it relays, catches up and pushes from then on; ids it does not know are
 * refused and leave nothing behind.
 */
class MembershipsFromEventsTest {

    private static final ConversationId GROUP = ConversationId.of(UUID.randomUUID().toString());
    /** Two messages old when the gateway starts. */
    private static final ConversationId CHAT = ConversationId.of(UUID.randomUUID().toString());
    private static final UserId ALICE = UserId.of(UUID.randomUUID().toString());
    private static final UserId BOB = UserId.of(UUID.randomUUID().toString());
    private static final UserId CAROL = UserId.of(UUID.randomUUID().toString());

    @TempDir
    static Path keys;

    private static final InMemoryEventStorageEngine events = new InMemoryEventStorageEngine();
    private static final Map<ConversationId, AtomicLong> sequences = new ConcurrentHashMap<>();
    /** What the query side would have projected: the stored messages, by conversation. */
    private static final Map<String, List<MessageView>> history = new ConcurrentHashMap<>();
    private static ConfigurableApplicationContext gateway;
    private static Path privateKey;
    private static int port;

    @BeforeAll
    static void aGroupExistsBeforeTheGatewayStarts() throws IOException {
        store(GROUP, new GroupCreated(GROUP, "Team", ALICE, List.of(ALICE, BOB), Instant.now()));
        store(CHAT, new GroupCreated(CHAT, "Chat", ALICE, List.of(ALICE, BOB), Instant.now()));
        store(CHAT, message(CHAT, 1, "before the start"));
        store(CHAT, message(CHAT, 2, "still before"));
        privateKey = keys.resolve("private/access-token-private.pem");
        Path publicKey = keys.resolve("public/access-token-public.pem");
        PemKeys.generateIfMissing(privateKey, publicKey);
        SpringApplication application = GatewayApplication.application();
        application.addPrimarySources(List.of(QuerySideStandIn.class));
        application.addInitializers(context -> context.getBeanFactory().registerSingleton("eventStorageEngine", events));
        gateway = application.run("--server.port=0", "--server.address=127.0.0.1",
                "--axon.axonserver.enabled=false", "--PARLEY_NODE_ID=gateway-alone",
                "--PARLEY_JWT_PUBLIC_KEY_FILE=" + publicKey);
        port = ((WebServerApplicationContext) gateway).getWebServer().getPort();
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void membersLearntFromTheEventsAreServedWithNoCommandSideAndUnknownIdsLeaveNothingBehind() throws Exception {
        Socket alice = connect(ALICE);
        Socket bob = connect(BOB);
        Socket carol = connect(CAROL);
        try {
            // the group was created before this gateway started: its members come from the replayed stream
            Memberships view = gateway.getBean(Memberships.class);
            long replayed = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!view.isMember(GROUP, ALICE) && System.nanoTime() < replayed) {
                Thread.sleep(20);
            }
            alice.send("{\"type\":\"typing\",\"conversationId\":\"" + GROUP.value() + "\",\"state\":\"start\"}");
            assertThat(bob.next(frame -> frame.path("type").asText().equals("typing"))
                    .path("userId").asText()).isEqualTo(ALICE.value());

            // ids nobody created, or a group one is not in: refused, and the view holds no more than before
            int held = view.size();
            for (int i = 0; i < 150; i++) {
                carol.send("{\"type\":\"typing\",\"id\":\"t" + i + "\",\"conversationId\":\"" + UUID.randomUUID()
                        + "\",\"state\":\"start\"}");
            }
            carol.send("{\"type\":\"typing\",\"id\":\"foreign\",\"conversationId\":\"" + GROUP.value()
                    + "\",\"state\":\"start\"}");
            JsonNode refused = carol.next(frame -> frame.path("id").asText().equals("foreign"));
            assertThat(refused.path("problemType").asText()).isEqualTo("urn:parley:problem:not-a-member");
            assertThat(view.size()).isEqualTo(held);

            // the conversation is not silenced: live events are pushed, and change the view
            store(GROUP, new MembersAdded(GROUP, ALICE, List.of(CAROL), Instant.now()));
            assertThat(bob.next(frame -> frame.path("change").asText().equals("membersAdded"))
                    .path("userIds").toString()).contains(CAROL.value());
            store(GROUP, new ReadUpTo(GROUP, BOB, 0, Instant.now()));
            assertThat(alice.next(frame -> frame.path("type").asText().equals("receipt")).path("userId").asText())
                    .isEqualTo(BOB.value());
            carol.send("{\"type\":\"typing\",\"conversationId\":\"" + GROUP.value() + "\",\"state\":\"start\"}");
            assertThat(bob.next(frame -> frame.path("type").asText().equals("typing")
                    && frame.path("userId").asText().equals(CAROL.value()))).isNotNull();
        } finally {
            alice.close();
            bob.close();
            carol.close();
        }
    }

    /** The view's last seq is the catch-up's target; messages stored after the start are pushed live. */
    @Test
    void aGatewayStartedAfterMessagesCatchesUpToTheViewsLastSeqAndThenPushesLive() throws Exception {
        Socket bob = connect(BOB);
        try {
            bob.send("{\"type\":\"resume\",\"id\":\"r1\",\"positions\":{\"" + CHAT.value() + "\":0,\""
                    + UUID.randomUUID() + "\":0}}");
            List<JsonNode> resumed = bob.upTo(frame -> frame.path("id").asText().equals("r1"));
            assertThat(resumed).filteredOn(frame -> frame.path("type").asText().equals("message"))
                    .extracting(frame -> frame.path("seq").asLong()).containsExactly(1L, 2L);
            assertThat(resumed).filteredOn(frame -> frame.path("type").asText().equals("error"))
                    .extracting(frame -> frame.path("problemType").asText())
                    .containsExactly("urn:parley:problem:not-a-member");
            assertThat(resumed.get(resumed.size() - 1).path("type").asText()).isEqualTo("ack");

            store(CHAT, message(CHAT, 3, "after the start"));
            JsonNode live = bob.next(frame -> frame.path("type").asText().equals("message"));
            assertThat(live.path("seq").asLong()).isEqualTo(3);
            assertThat(live.path("text").asText()).isEqualTo("after the start");
        } finally {
            bob.close();
        }
    }

    private static MessageSent message(ConversationId conversation, long seq, String text) {
        MessageSent sent = new MessageSent(conversation, MessageId.at(conversation, seq), seq, ALICE, "c-" + seq, text,
                null, Instant.now().truncatedTo(ChronoUnit.MILLIS));
        history.computeIfAbsent(conversation.value(), id -> new CopyOnWriteArrayList<>())
                .add(new MessageView(conversation.value(), sent.messageId().value(), seq, ALICE.value(), text, null,
                        sent.sentAt(), null));
        return sent;
    }

    private static void store(ConversationId conversation, Object event) {
        long seq = sequences.computeIfAbsent(conversation, id -> new AtomicLong()).getAndIncrement();
        events.appendEvents(new GenericDomainEventMessage<>("Conversation", conversation.value(), seq, event));
    }

    /** The query side's answers that catch-up needs, from what the test stored (no query side runs here). */
    static final class QuerySideStandIn {

        @QueryHandler
        ConversationList handle(ListConversations query) {
            return new ConversationList(List.of(), null);
        }

        @QueryHandler
        HistoryPage handle(GetHistory query) {
            List<MessageView> after = history.getOrDefault(query.conversationId().value(), List.of()).stream()
                    .filter(message -> query.after() == null || message.seq() > query.after())
                    .limit(query.limit())
                    .toList();
            return new HistoryPage(query.conversationId().value(), after, after.isEmpty() ? 0 : after.get(after.size() - 1).seq(),
                    false, false, Map.of());
        }

        @QueryHandler
        Receipts handle(GetReceipts query) {
            return new Receipts(query.conversationId().value(), 0, List.of());
        }

        /** No message was reacted to, edited or deleted here. */
        @QueryHandler
        MessageChangesPage handle(GetMessageChanges query) {
            return new MessageChangesPage(query.conversationId().value(), List.of(), 0, false);
        }
    }

    private static Socket connect(UserId user) throws Exception {
        Socket socket = new Socket();
        socket.webSocket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws?access_token=" + accessToken(user)), socket)
                .get(10, TimeUnit.SECONDS);
        return socket;
    }

    private static String accessToken(UserId user) {
        Instant now = Instant.now();
        return Jwts.builder().issuer(AccessTokenVerifier.ISSUER).subject(user.value())
                .claim(AccessTokenVerifier.DEVICE_CLAIM, "laptop")
                .claim(AccessTokenVerifier.SESSION_CLAIM, UUID.randomUUID().toString())
                .issuedAt(Date.from(now)).expiration(Date.from(now.plusSeconds(600)))
                .signWith(PemKeys.readPrivateKey(privateKey), Jwts.SIG.ES256).compact();
    }

    /** A device's socket: every frame it gets, in arrival order. */
    private static final class Socket implements WebSocket.Listener {

        private static final ObjectMapper JSON = new ObjectMapper();

        private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket webSocket;

        void send(String frame) throws Exception {
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

        /** The next frame that matches, skipping others; fails after 10 s. */
        JsonNode next(Predicate<JsonNode> wanted) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
                JsonNode frame = received.poll(left, TimeUnit.NANOSECONDS);
                if (frame != null && wanted.test(frame)) {
                    return frame;
                }
            }
            throw new AssertionError("no such frame within 10 s");
        }

        /** Every frame up to and including the first that matches; fails after 10 s. */
        List<JsonNode> upTo(Predicate<JsonNode> last) throws InterruptedException {
            List<JsonNode> frames = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
                JsonNode frame = received.poll(left, TimeUnit.NANOSECONDS);
                if (frame != null) {
                    frames.add(frame);
                    if (last.test(frame)) {
                        return frames;
                    }
                }
            }
            throw new AssertionError("no such frame within 10 s; got " + frames);
        }

        void close() {
            webSocket.abort();
        }
    }
}
