package io.parley.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.api.consistency.ConsistencyToken;
import io.parley.api.conversation.ConversationId;
import io.parley.platform.testing.SocketClient;
import io.parley.standalone.ParleyClient.Session;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Read-your-writes: a command's answer carries a {@code Parley-Consistency} token, and a query given it answers only
 * once its read model has what the command stored. The read models lag on purpose here (their processor lingers
 * 1.2 s after a small batch), so this is an application of its own, with a data directory of its own.
 */
@SpringBootTest(classes = StandaloneApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"parley.query.linger=1200ms", "parley.query.consistency.max-wait=2s"})
class ReadYourWritesTest {

    private static final Path DATA_DIR = StandaloneTest.newDataDir();
    private static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("parley.data-dir", DATA_DIR::toString);
    }

    @LocalServerPort
    int port;
    private ParleyClient client;
    private final HttpClient http = HttpClient.newHttpClient();
    private Session alice;
    private Session bob;

    @BeforeEach
    void aliceAndBob() {
        client = new ParleyClient(port);
        alice = client.registerAndLogin("alice_" + UUID.randomUUID().toString().substring(0, 8));
        bob = client.registerAndLogin("bob_" + UUID.randomUUID().toString().substring(0, 8));
    }

    @Test
    void aSendFollowedAtOnceByHistoryWithItsTokenSeesTheMessage() throws Exception {
        String group = groupWithBob();
        awaitHistoryWith(group, JSON.readTree(send(group, "first").body()).path("seq").asLong());
        // the first message's batch is written: the processor lingers now, and takes the next message only after it
        HttpResponse<String> sent = send(group, "second");
        assertThat(sent.statusCode()).isEqualTo(201);
        long seq = JSON.readTree(sent.body()).path("seq").asLong();
        String token = sent.headers().firstValue(ConsistencyToken.HEADER).orElseThrow();

        JsonNode withoutToken = JSON.readTree(get("/api/v1/conversations/" + group + "/messages", null).body());
        HttpResponse<String> withToken = get("/api/v1/conversations/" + group + "/messages", token);

        assertThat(seqs(withoutToken)).as("the read model lags: without the token the message is not there yet")
                .doesNotContain(seq);
        assertThat(withToken.statusCode()).isEqualTo(200);
        assertThat(seqs(JSON.readTree(withToken.body()))).contains(seq);
        assertThat(JSON.readTree(withToken.body()).path("messages").findValuesAsText("text")).contains("second");
    }

    @Test
    void aSocketSendsAckCarriesTheToken() throws Exception {
        String group = groupWithBob();
        awaitHistoryWith(group, JSON.readTree(send(group, "first").body()).path("seq").asLong());
        try (SocketClient phone = SocketClient.connect(port, alice.accessToken())) {
            phone.send(Map.of("type", "send", "id", "s1", "conversationId", group,
                    "clientMessageId", UUID.randomUUID().toString(), "text", "over the socket"));
            JsonNode ack = phone.await(frame -> "s1".equals(frame.path("id").asText()), Duration.ofSeconds(10));
            assertThat(ack.path("type").asText()).isEqualTo("ack");
            assertThat(ack.path("consistency").isTextual()).as("the ack carries a token").isTrue();

            HttpResponse<String> history = get("/api/v1/conversations/" + group + "/messages",
                    ack.path("consistency").asText(null));

            assertThat(history.statusCode()).isEqualTo(200);
            assertThat(seqs(JSON.readTree(history.body()))).contains(ack.path("seq").asLong());
        }
    }

    @Test
    void aGroupJustCreatedIsInTheCreatorsListWithItsToken() throws Exception {
        String first = groupWithBob();
        awaitListed(first);
        HttpResponse<String> created = post("/api/v1/conversations/groups",
                Map.of("title", "fresh", "memberIds", List.of(bob.userId())));
        assertThat(created.statusCode()).isEqualTo(201);
        String group = JSON.readTree(created.body()).path("conversationId").asText();
        String token = created.headers().firstValue(ConsistencyToken.HEADER).orElseThrow();

        HttpResponse<String> list = get("/api/v1/conversations", token);
        HttpResponse<String> history = get("/api/v1/conversations/" + group + "/messages", token);
        HttpResponse<String> sync = get("/api/v1/sync", token);

        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(list.body()).path("conversations").findValuesAsText("conversationId")).contains(group);
        assertThat(history.statusCode()).as("no 404 for a conversation created a moment ago").isEqualTo(200);
        assertThat(sync.statusCode()).isEqualTo(200);
    }

    @Test
    void everyConversationCommandAnswersWithAToken() throws Exception {
        String group = groupWithBob();
        long seq = JSON.readTree(send(group, "hello").body()).path("seq").asLong();

        HttpResponse<String> read = post("/api/v1/conversations/" + group + "/read", Map.of("upToSeq", seq));
        HttpResponse<String> direct = post("/api/v1/conversations/direct", Map.of("peerUserId", bob.userId()));

        assertThat(read.statusCode()).isEqualTo(204);
        assertThat(read.headers().firstValue(ConsistencyToken.HEADER)).isPresent();
        assertThat(direct.statusCode()).isEqualTo(200);
        assertThat(direct.headers().firstValue(ConsistencyToken.HEADER)).isPresent();
        assertThat(get("/api/v1/conversations/" + group + "/messages",
                read.headers().firstValue(ConsistencyToken.HEADER).orElseThrow()).statusCode()).isEqualTo(200);
    }

    /** Reactions, edits and deletions answer with a token too, and history given it shows the change. */
    @Test
    void aReactionAnEditAndADeletionAnswerWithATokenHistoryWaitsFor() throws Exception {
        String group = groupWithBob();
        long seq = JSON.readTree(send(group, "first").body()).path("seq").asLong();
        awaitHistoryWith(group, seq);
        String message = "/api/v1/conversations/" + group + "/messages/" + seq;

        HttpResponse<String> reacted = exchangeAsAlice(message + "/reaction", "PUT", Map.of("emoji", "👍"));
        assertThat(reacted.statusCode()).isEqualTo(204);
        JsonNode afterReaction = JSON.readTree(get("/api/v1/conversations/" + group + "/messages",
                reacted.headers().firstValue(ConsistencyToken.HEADER).orElseThrow()).body());
        assertThat(afterReaction.path("messages").get(0).path("myReaction").asText()).isEqualTo("👍");

        HttpResponse<String> edited = exchangeAsAlice(message, "PATCH", Map.of("text", "first, edited"));
        assertThat(edited.statusCode()).isEqualTo(204);
        JsonNode afterEdit = JSON.readTree(get("/api/v1/conversations/" + group + "/messages",
                edited.headers().firstValue(ConsistencyToken.HEADER).orElseThrow()).body());
        assertThat(afterEdit.path("messages").get(0).path("text").asText()).isEqualTo("first, edited");

        try (SocketClient phone = SocketClient.connect(port, alice.accessToken())) {
            phone.send(Map.of("type", "delete", "id", "d1", "conversationId", group, "seq", seq));
            JsonNode ack = phone.await(frame -> "d1".equals(frame.path("id").asText()), Duration.ofSeconds(10));
            assertThat(ack.path("type").asText()).isEqualTo("ack");
            assertThat(ack.path("consistency").isTextual()).as("the ack carries a token").isTrue();
            JsonNode afterDeletion = JSON.readTree(get("/api/v1/conversations/" + group + "/messages",
                    ack.path("consistency").asText()).body());
            assertThat(afterDeletion.path("messages").get(0).path("deleted").asBoolean()).isTrue();
        }
    }

    @Test
    void aTokenTheReadModelDoesNotReachInTimeIs503WithRetryAfter() throws Exception {
        String group = groupWithBob();
        String farAhead = new ConsistencyToken(ConversationId.of(group), 1_000_000).encode();

        long start = System.nanoTime();
        HttpResponse<String> answer = get("/api/v1/conversations/" + group + "/messages", farAhead);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertProblem(answer, 503, "urn:parley:problem:not-caught-up");
        assertThat(answer.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(took).isBetween(Duration.ofMillis(1_900), Duration.ofSeconds(10));
    }

    @Test
    void aTokenOfSomebodyElsesConversationTellsNothing() throws Exception {
        String group = groupWithBob();
        HttpResponse<String> sent = send(group, "between alice and bob");
        awaitHistoryWith(group, JSON.readTree(sent.body()).path("seq").asLong());
        Session carol = client.registerAndLogin("carol_" + UUID.randomUUID().toString().substring(0, 8));
        String reached = sent.headers().firstValue(ConsistencyToken.HEADER).orElseThrow();
        String unknown = new ConsistencyToken(ConversationId.of(UUID.randomUUID().toString()), 1).encode();

        // a reached token of a conversation carol is not in answers as one of a conversation that does not exist
        assertProblem(getAs(carol, "/api/v1/conversations", reached), 503, "urn:parley:problem:not-caught-up");
        assertProblem(getAs(carol, "/api/v1/conversations", unknown), 503, "urn:parley:problem:not-caught-up");
    }

    @Test
    void aMalformedTokenIs400() throws Exception {
        String group = groupWithBob();
        for (String malformed : List.of("not a token!", "bm9wZQ", "MTpjb252OmFiYw", "Mjp4OjE", "",
                "x".repeat(300))) {
            assertProblem(get("/api/v1/conversations/" + group + "/messages", malformed), 400,
                    "urn:parley:problem:consistency-token-invalid");
            assertProblem(get("/api/v1/sync", malformed), 400, "urn:parley:problem:consistency-token-invalid");
        }
    }

    @Test
    void theOpenApiDocumentNamesTheTokenOnCommandAnswersAndQueries() throws Exception {
        JsonNode paths = JSON.readTree(get("/v3/api-docs", null).body()).path("paths");

        JsonNode send = paths.path("/api/v1/conversations/{conversationId}/messages").path("post");
        JsonNode history = paths.path("/api/v1/conversations/{conversationId}/messages").path("get");
        assertThat(send.path("responses").findValues("headers")).anySatisfy(
                headers -> assertThat(headers.has(ConsistencyToken.HEADER)).isTrue());
        for (JsonNode query : List.of(history, paths.path("/api/v1/conversations").path("get"),
                paths.path("/api/v1/sync").path("get"))) {
            assertThat(query.path("parameters").findValuesAsText("name")).contains(ConsistencyToken.HEADER);
        }
    }

    private String groupWithBob() throws IOException {
        HttpResponse<String> created = post("/api/v1/conversations/groups",
                Map.of("title", "ryw", "memberIds", List.of(bob.userId())));
        assertThat(created.statusCode()).isEqualTo(201);
        String group = JSON.readTree(created.body()).path("conversationId").asText();
        // every later test step starts from a read model that knows the group
        assertThat(get("/api/v1/conversations/" + group + "/messages",
                created.headers().firstValue(ConsistencyToken.HEADER).orElseThrow()).statusCode()).isEqualTo(200);
        return group;
    }

    private HttpResponse<String> send(String conversation, String text) {
        return post("/api/v1/conversations/" + conversation + "/messages",
                Map.of("clientMessageId", UUID.randomUUID().toString(), "text", text));
    }

    private void awaitHistoryWith(String conversation, long seq) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!seqs(JSON.readTree(get("/api/v1/conversations/" + conversation + "/messages", null).body())).contains(seq)) {
            assertThat(System.nanoTime() - deadline).as("seq %d projected in time", seq).isNegative();
            Thread.sleep(20);
        }
    }

    private void awaitListed(String conversation) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!JSON.readTree(get("/api/v1/conversations", null).body()).path("conversations")
                .findValuesAsText("conversationId").contains(conversation)) {
            assertThat(System.nanoTime() - deadline).isNegative();
            Thread.sleep(20);
        }
    }

    private static List<Long> seqs(JsonNode page) {
        return page.path("messages").findValues("seq").stream().map(JsonNode::asLong).toList();
    }

    private static void assertProblem(HttpResponse<String> answer, int status, String type) throws IOException {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                contentType -> assertThat(contentType).startsWith("application/problem+json"));
        assertThat(JSON.readTree(answer.body()).path("type").asText()).isEqualTo(type);
    }

    private HttpResponse<String> post(String path, Object body) {
        try {
            return exchange(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + alice.accessToken())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse<String> exchangeAsAlice(String path, String method, Object body) {
        try {
            return exchange(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + alice.accessToken())
                    .header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse<String> get(String path, String token) {
        return getAs(alice, path, token);
    }

    private HttpResponse<String> getAs(Session session, String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Authorization", "Bearer " + session.accessToken()).GET();
        if (token != null) {
            request.header(ConsistencyToken.HEADER, token);
        }
        return exchange(request);
    }

    private HttpResponse<String> exchange(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
