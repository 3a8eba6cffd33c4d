package io.parley.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.standalone.ParleyClient.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
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
 * neither the access token nor the message text anywhere. An application of its own (structured logs, handler lines
 * at DEBUG), so also a data directory of its own.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = StandaloneApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"PARLEY_LOG_FORMAT=ecs", "logging.level.io.parley.platform.logs=DEBUG",
                "logging.level.io.parley.gateway.socket.RealtimeSocketHandler=DEBUG"})
class RequestIdLogsTest {

    private static final Path DATA_DIR = newDataDir();
    private static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("parley.data-dir", DATA_DIR::toString);
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aSendsRequestIdIsOnItsCommandAndProjectionLinesInJsonWithoutTokenOrText(CapturedOutput log) throws Exception {
        ParleyClient client = new ParleyClient(port);
        Session alice = client.registerAndLogin(StandaloneTest.uniqueName("alice"));
        Session bob = client.registerAndLogin(StandaloneTest.uniqueName("bob"));
        String conversation = client.post("/api/v1/conversations/direct", alice.accessToken(),
                Map.of("peerUserId", bob.userId())).text("conversationId");
        String requestId = "edge-" + UUID.randomUUID();
        String text = "a secret about pineapples " + UUID.randomUUID();

        HttpResponse<String> sent = send(alice, conversation, requestId, text);

        assertThat(sent.statusCode()).isBetween(200, 299);
        assertThat(sent.headers().firstValue("X-Request-Id")).hasValue(requestId);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(linesOf(log, requestId))
                .anySatisfy(line -> assertThat(line.path("message").asText())
                        .isEqualTo("Handling command SendMessage in Conversation"))
                .anySatisfy(line -> assertThat(line.path("message").asText())
                        .isEqualTo("Handling event MessageSent in ConversationProjector")));
        assertThat(log.getAll()).doesNotContain(text).doesNotContain("pineapples")
                .doesNotContain(alice.accessToken()).doesNotContain(alice.refreshToken())
                .doesNotContain(bob.accessToken()).doesNotContain("correct horse");
    }

    @Test
    void aRequestWithoutAPlainIdGetsANewOne(CapturedOutput log) throws Exception {
        ParleyClient client = new ParleyClient(port);
        Session alice = client.registerAndLogin(StandaloneTest.uniqueName("alice"));
        Session bob = client.registerAndLogin(StandaloneTest.uniqueName("bob"));
        String conversation = client.post("/api/v1/conversations/direct", alice.accessToken(),
                Map.of("peerUserId", bob.userId())).text("conversationId");

        HttpResponse<String> forged = send(alice, conversation, "x\",\"level\":\"FORGED", "hello");
        HttpResponse<String> none = send(alice, conversation, null, "hello again");

        String replaced = forged.headers().firstValue("X-Request-Id").orElseThrow();
        String created = none.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(List.of(replaced, created)).allSatisfy(id -> assertThat(UUID.fromString(id)).isNotNull());
        assertThat(replaced).isNotEqualTo(created);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(linesOf(log, created))
                .anySatisfy(line -> assertThat(line.path("message").asText()).startsWith("Handling command SendMessage")));
        assertThat(log.getAll()).doesNotContain("FORGED");
    }

    @Test
    void aSocketFrameIsARequestOfItsOwnThroughItsCommandAndProjection(CapturedOutput log) throws Exception {
        ParleyClient client = new ParleyClient(port);
        Session alice = client.registerAndLogin(StandaloneTest.uniqueName("alice"));
        Session bob = client.registerAndLogin(StandaloneTest.uniqueName("bob"));
        String conversation = client.post("/api/v1/conversations/direct", alice.accessToken(),
                Map.of("peerUserId", bob.userId())).text("conversationId");
        String text = "a socket secret about pineapples " + UUID.randomUUID();

        try (SocketClient socket = SocketClient.connect(port, alice.accessToken())) {
            socket.send(Map.of("type", "resume", "id", "r-1", "positions", Map.of()));
            socket.await(frame -> frame.path("id").asText().equals("r-1"), Duration.ofSeconds(10));
            socket.send(Map.of("type", "send", "id", "s-1", "conversationId", conversation,
                    "clientMessageId", UUID.randomUUID().toString(), "text", text));
            socket.await(frame -> frame.path("id").asText().equals("s-1"), Duration.ofSeconds(10));
        }

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(allLines(log).stream()
                .filter(line -> line.path("message").asText().startsWith("A SEND frame on socket"))
                .map(line -> line.path("requestId").asText()))
                .anySatisfy(frameId -> assertThat(linesOf(log, frameId))
                        .anySatisfy(line -> assertThat(line.path("message").asText())
                                .isEqualTo("Handling command SendMessage in Conversation"))
                        .anySatisfy(line -> assertThat(line.path("message").asText())
                                .isEqualTo("Handling event MessageSent in ConversationProjector"))));
        // the queries a resume frame sends are handled under its id too (on the query side, in distributed mode)
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(allLines(log).stream()
                .filter(line -> line.path("message").asText().startsWith("A RESUME frame on socket"))
                .map(line -> line.path("requestId").asText()))
                .anySatisfy(frameId -> assertThat(linesOf(log, frameId))
                        .anySatisfy(line -> assertThat(line.path("message").asText()).startsWith("Handling query "))));
        assertThat(log.getAll()).doesNotContain(text).doesNotContain("pineapples")
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

    /** The log lines naming the request id; every line on the console must be a JSON object. */
    private static List<JsonNode> linesOf(CapturedOutput log, String requestId) {
        return allLines(log).stream().filter(line -> requestId.equals(line.path("requestId").asText())).toList();
    }

    private static List<JsonNode> allLines(CapturedOutput log) {
        return log.getOut().lines().filter(line -> !line.isBlank()).map(line -> {
            try {
                return JSON.readTree(line);
            } catch (IOException notJson) {
                throw new AssertionError("Not a JSON log line: " + line, notJson);
            }
        }).toList();
    }

    private static Path newDataDir() {
        try {
            Files.createDirectories(Path.of("target"));
            return Files.createTempDirectory(Path.of("target"), "parley-test-data").toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
