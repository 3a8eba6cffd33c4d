package io.parley.gateway.catchup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parley.api.account.UserId;
import io.parley.platform.auth.Caller;
import io.parley.platform.auth.VerifiedAccessToken;
import io.parley.api.conversation.ConversationId;
import io.parley.api.conversation.ConversationKind;
import io.parley.api.query.ConversationList;
import io.parley.api.query.GetHistory;
import io.parley.api.query.ListConversations;
import io.parley.api.query.GetMessageChanges;
import io.parley.api.query.GetReceipts;
import io.parley.api.query.HistoryPage;
import io.parley.api.query.MessageChangesPage;
import io.parley.api.query.MessageView;
import io.parley.api.query.Receipts;
import io.parley.gateway.connection.DeviceConnection;
import io.parley.gateway.connection.FrameWriter;
import io.parley.gateway.membership.EventStreamProgress;
import io.parley.gateway.membership.Memberships;
import io.parley.gateway.membership.UserConversations;
import org.axonframework.queryhandling.DefaultQueryGateway;
import org.axonframework.queryhandling.QueryBus;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.axonframework.queryhandling.annotation.AnnotationQueryHandlerAdapter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

import java.net.InetSocketAddress;
import java.net.URI;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link CatchUp} on its own: a real membership view, a real query gateway on a local bus whose handlers answer from
 * the messages the test stored, and a device connection on a socket session that records what is sent.
 */
class CatchUpTest {

    private static final ObjectMapper JSON = JsonMapper.builder().findAndAddModules().build();
    private static final ConversationId GROUP = ConversationId.of(UUID.randomUUID().toString());
    private static final UserId ALICE = UserId.of("alice-" + UUID.randomUUID());
    private static final UserId BOB = UserId.of("bob-" + UUID.randomUUID());
    private static final UserId CAROL = UserId.of("carol-" + UUID.randomUUID());

    private final Memberships view = new Memberships();
    private final StreamPosition stream = new StreamPosition();
    private final Map<String, List<MessageView>> history = new ConcurrentHashMap<>();
    private CatchUp catchUp;

    @BeforeEach
    void catchUpOnALocalQueryBus() {
        QueryBus bus = SimpleQueryBus.builder().build();
        new AnnotationQueryHandlerAdapter<>(new ReadModels()).subscribe(bus);
        QueryGateway queries = DefaultQueryGateway.builder().queryBus(bus).build();
        catchUp = new CatchUp(queries, new UserConversations(queries), view, stream,
                new FrameWriter(JSON), Duration.ofSeconds(5), 1, 1000, 3);
    }

    /** The read models may not list it yet, but the view has read every event stored before the resume. */
    @Test
    void aConversationCreatedJustBeforeTheResumeIsAnnouncedAndCaughtUpOnceTheViewHasReadWhatWasStored() throws Exception {
        stream.stored(10);
        Device bob = new Device(BOB);

        bob.resume("r1", Map.of());
        // the view is still reading: nothing is announced, nothing acknowledged
        assertThat(bob.frames.poll(300, TimeUnit.MILLISECONDS)).isNull();
        view.started(GROUP, ConversationKind.GROUP, "Team", List.of(ALICE, BOB));
        messages(GROUP, 2);
        view.sent(GROUP, 2);
        stream.read(10);

        List<JsonNode> frames = bob.upTo(frame -> frame.path("type").asText().equals("ack"));
        assertThat(frames.get(0).path("change").asText()).isEqualTo("created");
        assertThat(frames.get(0).path("conversationId").asText()).isEqualTo(GROUP.value());
        assertThat(frames.get(0).path("title").asText()).isEqualTo("Team");
        assertThat(frames.get(0).path("members")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder(ALICE.value(), BOB.value());
        assertThat(frames).filteredOn(frame -> frame.path("type").asText().equals("message"))
                .extracting(frame -> frame.path("seq").asLong()).containsExactly(1L, 2L);
        assertThat(frames.get(frames.size() - 1).path("id").asText()).isEqualTo("r1");
    }

    @Test
    void aNamedConversationTheUserIsNotInIsAnErrorOfItsOwnAndTheOthersAreStillCaughtUp() throws Exception {
        ConversationId theirs = ConversationId.of(UUID.randomUUID().toString());
        view.started(GROUP, ConversationKind.GROUP, "Team", List.of(ALICE, CAROL));
        view.started(theirs, ConversationKind.DIRECT, null, List.of(ALICE, BOB));
        messages(GROUP, 1);
        view.sent(GROUP, 1);
        Device carol = new Device(CAROL);

        carol.resume("r1", Map.of(theirs.value(), 0L, GROUP.value(), 0L));

        List<JsonNode> frames = carol.upTo(frame -> frame.path("type").asText().equals("ack"));
        assertThat(frames).filteredOn(frame -> frame.path("type").asText().equals("error"))
                .extracting(frame -> frame.path("problemType").asText())
                .containsExactly("urn:parley:problem:not-a-member");
        assertThat(frames).filteredOn(frame -> frame.path("type").asText().equals("message"))
                .extracting(frame -> frame.path("conversationId").asText() + "#" + frame.path("seq").asLong())
                .containsExactly(GROUP.value() + "#1");
        assertThat(frames).noneMatch(frame -> frame.path("change").asText().equals("created"));
    }

    /** This catch-up sends at most 3 messages per conversation (max-backlog-per-conversation). */
    @Test
    void aLongAbsenceIsAGapThenTheNewestMessagesAndALiveMessageMeanwhileIsSentOnceInOrder() throws Exception {
        view.started(GROUP, ConversationKind.GROUP, "Team", List.of(ALICE, BOB));
        messages(GROUP, 10);
        view.sent(GROUP, 10);
        Device bob = new Device(BOB);

        bob.resume("r1", Map.of(GROUP.value(), 2L));
        // stored after the resume began: pushed live while the catch-up runs
        messages(GROUP, 11);
        bob.connection.deliver(GROUP.value(), 11, new TextMessage(JSON.writeValueAsString(Map.of(
                "type", "message", "conversationId", GROUP.value(), "seq", 11))));

        List<JsonNode> frames = bob.upTo(frame -> frame.path("type").asText().equals("ack"));
        JsonNode gap = frames.stream().filter(frame -> frame.path("type").asText().equals("gap")).findFirst().orElseThrow();
        assertThat(gap.path("fromSeq").asLong()).isEqualTo(3);
        assertThat(gap.path("toSeq").asLong()).isEqualTo(7);
        assertThat(frames).filteredOn(frame -> frame.path("type").asText().equals("message"))
                .extracting(frame -> frame.path("seq").asLong()).containsExactly(8L, 9L, 10L, 11L);
    }

    private void messages(ConversationId conversation, long upTo) {
        List<MessageView> messages = LongStream.rangeClosed(1, upTo)
                .mapToObj(seq -> new MessageView(conversation.value(), conversation.value() + ":" + seq, seq,
                        ALICE.value(), "message " + seq, null, Instant.now(), null))
                .toList();
        history.put(conversation.value(), messages);
    }

    /** The query side's answers, from the messages the test stored; no receipts, no changes. */
    final class ReadModels {

        @QueryHandler
        HistoryPage handle(GetHistory query) {
            List<MessageView> after = history.getOrDefault(query.conversationId().value(), List.of()).stream()
                    .filter(message -> query.after() == null || message.seq() > query.after())
                    .limit(query.limit())
                    .toList();
            return new HistoryPage(query.conversationId().value(), after,
                    after.isEmpty() ? 0 : after.get(after.size() - 1).seq(), false, false, Map.of());
        }

        @QueryHandler
        ConversationList handle(ListConversations query) {
            return new ConversationList(List.of(), null);
        }

        @QueryHandler
        Receipts handle(GetReceipts query) {
            return new Receipts(query.conversationId().value(), 0, List.of());
        }

        @QueryHandler
        MessageChangesPage handle(GetMessageChanges query) {
            return new MessageChangesPage(query.conversationId().value(), List.of(), 0, false);
        }
    }

    /** How far the event stream is stored, and how far the view has read it. */
    private static final class StreamPosition implements EventStreamProgress {

        private final AtomicLong head = new AtomicLong(-1);
        private final AtomicLong read = new AtomicLong(-1);

        void stored(long position) {
            head.set(position);
        }

        void read(long position) {
            read.set(position);
        }

        @Override
        public long head() {
            return head.get();
        }

        @Override
        public boolean reached(long position) {
            return read.get() >= position;
        }
    }

    /** A device's connection, on a socket session that keeps every frame sent. */
    private final class Device {

        final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
        final DeviceConnection connection;

        Device(UserId user) {
            connection = new DeviceConnection(new VerifiedAccessToken(new Caller(user, "phone", Set.of("user")),
                    "session", Instant.now().plusSeconds(600)), new RecordingSession(frames), 5_000, 1 << 20,
                    new SimpleMeterRegistry().counter("drops"));
        }

        void resume(String id, Map<String, Long> positions) {
            catchUp.resume(connection, id, positions, Map.of());
        }

        List<JsonNode> upTo(Predicate<JsonNode> last) throws InterruptedException {
            List<JsonNode> received = new java.util.ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
                JsonNode frame = frames.poll(left, TimeUnit.NANOSECONDS);
                if (frame != null) {
                    received.add(frame);
                    if (last.test(frame)) {
                        return received;
                    }
                }
            }
            throw new AssertionError("no such frame within 10 s; got " + received);
        }
    }

    /** Spring's socket session interface, keeping the text frames sent on it. */
    private static final class RecordingSession implements WebSocketSession {

        private final BlockingQueue<JsonNode> frames;
        private volatile boolean open = true;

        RecordingSession(BlockingQueue<JsonNode> frames) {
            this.frames = frames;
        }

        @Override
        public void sendMessage(WebSocketMessage<?> message) {
            if (message instanceof TextMessage text) {
                try {
                    frames.add(JSON.readTree(text.getPayload()));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }

        @Override
        public String getId() {
            return "recording";
        }

        @Override
        public URI getUri() {
            return URI.create("ws://127.0.0.1/ws");
        }

        @Override
        public HttpHeaders getHandshakeHeaders() {
            return new HttpHeaders();
        }

        @Override
        public Map<String, Object> getAttributes() {
            return Map.of();
        }

        @Override
        public Principal getPrincipal() {
            return null;
        }

        @Override
        public InetSocketAddress getLocalAddress() {
            return null;
        }

        @Override
        public InetSocketAddress getRemoteAddress() {
            return null;
        }

        @Override
        public String getAcceptedProtocol() {
            return null;
        }

        @Override
        public void setTextMessageSizeLimit(int messageSizeLimit) {
        }

        @Override
        public int getTextMessageSizeLimit() {
            return 0;
        }

        @Override
        public void setBinaryMessageSizeLimit(int messageSizeLimit) {
        }

        @Override
        public int getBinaryMessageSizeLimit() {
            return 0;
        }

        @Override
        public List<WebSocketExtension> getExtensions() {
            return List.of();
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false;
        }

        @Override
        public void close(CloseStatus status) {
            open = false;
        }
    }
}
