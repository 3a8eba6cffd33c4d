package io.parley.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.platform.testing.SocketClient;
import io.parley.standalone.ParleyClient.Session;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The logs as an operator reads them: JSON lines (ECS, switched on by PARLEY_LOG_FORMAT as README.md says) in which a REST send's request
 * id is on the line of the command handling it and on the lines of the projections of the event it stored, with
 * neither the access token nor the message text anywhere. Parley runs in a process of its own, started as an operator
 * would (the environment variable; handler lines at DEBUG), and its console is read: the logging set-up of a JVM is
 * made once, by the first application in it, so it cannot be switched for one test among others.
 */
class RequestIdLogsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonConsole console;
    private static StandaloneProcess parley;

    int port;

    @BeforeAll
    static void startParley() throws Exception {
        Path directory = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "parley-logs");
        console = new JsonConsole(directory.resolve("console.log"));
        parley = StandaloneProcess.start(directory.resolve("data"), console.file(), Map.of("PARLEY_LOG_FORMAT", "ecs"),
                "--logging.level.io.parley.platform.logs=DEBUG",
                "--logging.level.io.parley.gateway.socket.RealtimeSocketHandler=DEBUG");
    }

    @AfterAll
    static void stopParley() throws Exception {
        parley.close();
    }

    @BeforeEach
    void port() {
        port = parley.port;
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aSendsRequestIdIsOnItsCommandAndProjectionLinesInJsonWithoutTokenOrText() throws Exception {
        Chat chat = Chat.opened(new ParleyClient(port));
        Session alice = chat.alice();
        Session bob = chat.bob();
        String conversation = chat.conversation();
        String requestId = "edge-" + UUID.randomUUID();
        String text = "a secret about pineapples " + UUID.randomUUID();

        HttpResponse<String> sent = send(alice, conversation, requestId, text);

        assertThat(sent.statusCode()).isBetween(200, 299);
        assertThat(sent.headers().firstValue("X-Request-Id")).hasValue(requestId);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(linesOf(requestId))
                .anySatisfy(line -> assertThat(line.path("message").asText())
                        .isEqualTo("Handling command SendMessage in Conversation"))
                .anySatisfy(line -> assertThat(line.path("message").asText())
                        .isEqualTo("Handling event MessageSent in ConversationProjector")));
        assertThat(consoleText()).doesNotContain(text).doesNotContain("pineapples")
                .doesNotContain(alice.accessToken()).doesNotContain(alice.refreshToken())
                .doesNotContain(bob.accessToken()).doesNotContain("correct horse");
    }

    @Test
    void withoutAnOtlpEndpointTheRequestsLinesCarryATraceIdButNoTraceIsSampledOrCarriedToItsEvents() throws Exception {
        Chat chat = Chat.opened(new ParleyClient(port));
        Session alice = chat.alice();
        String conversation = chat.conversation();
        String requestId = "untraced-" + UUID.randomUUID();

        send(alice, conversation, requestId, "hello");

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            List<JsonNode> lines = linesOf(requestId);
            JsonNode command = lines.stream().filter(line -> line.path("message").asText()
                    .equals("Handling command SendMessage in Conversation")).findFirst()
                    .orElseThrow(() -> new AssertionError("no command line yet"));
            JsonNode projection = lines.stream().filter(line -> line.path("message").asText()
                    .equals("Handling event MessageSent in ConversationProjector")).findFirst()
                    .orElseThrow(() -> new AssertionError("no projection line yet"));
            // the HTTP request's span has ids (on the lines written while it runs), but is not sampled: the event
            // does not carry it, so its projection opens no span (tracing's only cost there: a metadata lookup)
            assertThat(command.path("traceId").asText()).hasSize(32);
            assertThat(projection.path("traceId").asText()).isNotEqualTo(command.path("traceId").asText());
        });
        assertThat(consoleText()).doesNotContainIgnoringCase("otlp").doesNotContain("BatchSpanProcessor");
    }

    @Test
    void aRequestWithoutAPlainIdGetsANewOne() throws Exception {
        Chat chat = Chat.opened(new ParleyClient(port));
        Session alice = chat.alice();
        String conversation = chat.conversation();

        HttpResponse<String> forged = send(alice, conversation, "x\",\"level\":\"FORGED", "hello");
        HttpResponse<String> none = send(alice, conversation, null, "hello again");

        String replaced = forged.headers().firstValue("X-Request-Id").orElseThrow();
        String created = none.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(List.of(replaced, created)).allSatisfy(id -> assertThat(UUID.fromString(id)).isNotNull());
        assertThat(replaced).isNotEqualTo(created);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(linesOf(created))
                .anySatisfy(line -> assertThat(line.path("message").asText()).startsWith("Handling command SendMessage")));
        assertThat(consoleText()).doesNotContain("FORGED");
    }

    @Test
    void aSocketFrameIsARequestOfItsOwnThroughItsCommandAndProjection() throws Exception {
        Chat chat = Chat.opened(new ParleyClient(port));
        Session alice = chat.alice();
        Session bob = chat.bob();
        String conversation = chat.conversation();
        String text = "a socket secret about pineapples " + UUID.randomUUID();

        try (SocketClient socket = SocketClient.connect(port, alice.accessToken())) {
            socket.send(Map.of("type", "resume", "id", "r-1", "positions", Map.of()));
            socket.await(frame -> frame.path("id").asText().equals("r-1"), Duration.ofSeconds(10));
            socket.send(Map.of("type", "send", "id", "s-1", "conversationId", conversation,
                    "clientMessageId", UUID.randomUUID().toString(), "text", text));
            socket.await(frame -> frame.path("id").asText().equals("s-1"), Duration.ofSeconds(10));
        }

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(allLines().stream()
                .filter(line -> line.path("message").asText().startsWith("A SEND frame on socket"))
                .map(line -> line.path("requestId").asText()))
                .anySatisfy(frameId -> assertThat(linesOf(frameId))
                        .anySatisfy(line -> assertThat(line.path("message").asText())
                                .isEqualTo("Handling command SendMessage in Conversation"))
                        .anySatisfy(line -> assertThat(line.path("message").asText())
                                .isEqualTo("Handling event MessageSent in ConversationProjector"))));
        // the queries a resume frame sends are handled under its id too (on the query side, in distributed mode)
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(allLines().stream()
                .filter(line -> line.path("message").asText().startsWith("A RESUME frame on socket"))
                .map(line -> line.path("requestId").asText()))
                .anySatisfy(frameId -> assertThat(linesOf(frameId))
                        .anySatisfy(line -> assertThat(line.path("message").asText()).startsWith("Handling query "))));
        assertThat(consoleText()).doesNotContain(text).doesNotContain("pineapples")
                .doesNotContain(alice.accessToken()).doesNotContain(bob.accessToken());
    }

    private HttpResponse<String> send(Session from, String conversation, String requestId, String text)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/conversations/" + conversation + "/messages"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + from.accessToken())
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                        Map.of("clientMessageId", UUID.randomUUID().toString(), "text", text))));
        if (requestId != null) {
            request.header("X-Request-Id", requestId);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Spring Security is there for bearer tokens only: no default user, so no generated password in the log. */
    @Test
    void theStartUpLogHoldsNoGeneratedPassword() throws IOException {
        assertThat(consoleText()).contains("Started StandaloneApplication")
                .doesNotContainIgnoringCase("security password").doesNotContainIgnoringCase("UserDetailsService");
    }

    private static String consoleText() throws IOException {
        return console.text();
    }

    private static List<JsonNode> linesOf(String requestId) throws IOException {
        return console.linesOf(requestId);
    }

    private static List<JsonNode> allLines() throws IOException {
        return console.lines();
    }
}
