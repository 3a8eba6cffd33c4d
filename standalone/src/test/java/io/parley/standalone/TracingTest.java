package io.parley.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.platform.testing.SocketClient;
import io.parley.standalone.OtlpReceiver.ExportedSpan;
import io.parley.standalone.ParleyClient.Session;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
 * Traces as an operator switches them on (README.md, "Traces"): Parley in a process of its own exporting over OTLP/HTTP
 * to a receiver in this test, every request sampled. A REST send and a socket send frame are each one trace through
 * the command they dispatch, the event it stores and that event's handlers, the trace id is in the JSON log lines,
 * and neither the access token nor the message text is in any span or line.
 */
class TracingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static OtlpReceiver receiver;
    private static JsonConsole console;
    private static StandaloneProcess parley;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startParley() throws Exception {
        receiver = new OtlpReceiver();
        Path directory = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "parley-traces");
        console = new JsonConsole(directory.resolve("console.log"));
        parley = StandaloneProcess.start(directory.resolve("data"), console.file(), Map.of("PARLEY_LOG_FORMAT", "ecs"),
                "--management.otlp.tracing.endpoint=" + receiver.endpoint(),
                "--management.tracing.sampling.probability=1.0",
                "--management.tracing.opentelemetry.export.schedule-delay=200ms",
                "--logging.level.io.parley.platform.logs=DEBUG");
    }

    @AfterAll
    static void stop() throws Exception {
        parley.close();
        receiver.close();
    }

    @Test
    void aRestSendIsOneTraceThroughItsCommandEventAndProjectionsInSpansAndLogs() throws Exception {
        Chat chat = Chat.opened(new ParleyClient(parley.port));
        Session alice = chat.alice();
        Session bob = chat.bob();
        String conversation = chat.conversation();
        String requestId = "traced-" + UUID.randomUUID();
        String text = "a traced secret about pineapples " + UUID.randomUUID();

        HttpResponse<String> sent = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + parley.port
                        + "/api/v1/conversations/" + conversation + "/messages"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + alice.accessToken())
                .header("X-Request-Id", requestId)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                        Map.of("clientMessageId", UUID.randomUUID().toString(), "text", text))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(sent.statusCode()).isBetween(200, 299);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String traceId = traceOf(span("http post /api/v1/conversations/{conversationId}/messages"));
            List<ExportedSpan> trace = spansOf(traceId);
            ExportedSpan command = only(trace, "command SendMessage in Conversation");
            ExportedSpan projection = only(trace, "event MessageSent in ConversationProjector");
            assertThat(only(trace, "event MessageSent in RealtimeProjector").parentSpanId()).as("%s", trace)
                    .isEqualTo(command.spanId());
            assertThat(projection.parentSpanId()).isEqualTo(command.spanId());
            // the log lines of the request and of the projection of its event carry the same trace id
            List<JsonNode> lines = console.linesOf(requestId);
            assertThat(lines).anySatisfy(line -> {
                assertThat(line.path("message").asText()).isEqualTo("Handling command SendMessage in Conversation");
                assertThat(line.path("traceId").asText()).isEqualTo(traceId);
            }).anySatisfy(line -> {
                assertThat(line.path("message").asText()).isEqualTo("Handling event MessageSent in ConversationProjector");
                assertThat(line.path("traceId").asText()).isEqualTo(traceId);
                assertThat(line.path("spanId").asText()).isEqualTo(projection.spanId());
            });
        });
        assertThat(receiver.exportedText()).doesNotContain(text).doesNotContain("pineapples")
                .doesNotContain(alice.accessToken()).doesNotContain(bob.accessToken());
        assertThat(console.text()).doesNotContain(text).doesNotContain(alice.accessToken());
    }

    @Test
    void aSocketSendFrameIsOneTraceThroughItsCommandAndEventAndItsUpgradeShowsNoToken() throws Exception {
        Chat chat = Chat.opened(new ParleyClient(parley.port));
        Session alice = chat.alice();
        String conversation = chat.conversation();
        String text = "a traced socket secret about pineapples " + UUID.randomUUID();

        try (SocketClient socket = SocketClient.live(parley.port, alice.accessToken(), Duration.ofSeconds(10))) {
            socket.send(Map.of("type", "send", "id", "s-1", "conversationId", conversation,
                    "clientMessageId", UUID.randomUUID().toString(), "text", text));
            socket.await(frame -> frame.path("id").asText().equals("s-1"), Duration.ofSeconds(10));
        }

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(receiver.spans().stream()
                .filter(span -> span.name().equals("socket send")).map(ExportedSpan::traceId))
                .anySatisfy(traceId -> {
                    List<ExportedSpan> trace = spansOf(traceId);
                    ExportedSpan frame = only(trace, "socket send");
                    ExportedSpan command = only(trace, "command SendMessage in Conversation");
                    assertThat(command.parentSpanId()).as("%s", trace).isEqualTo(frame.spanId());
                    assertThat(only(trace, "event MessageSent in ConversationProjector").parentSpanId())
                            .isEqualTo(command.spanId());
                }));
        // the handshake's request (GET /ws?access_token=…) is a span too, without its query
        assertThat(span("http get /ws").attributes()).containsEntry("http.url", "/ws");
        assertThat(receiver.exportedText()).doesNotContain(text).doesNotContain("pineapples")
                .doesNotContain(alice.accessToken()).doesNotContain("access_token");
        assertThat(console.text()).doesNotContain(text).doesNotContain(alice.accessToken());
    }

    private static ExportedSpan span(String name) {
        List<ExportedSpan> named = receiver.spans().stream().filter(span -> span.name().equals(name)).toList();
        assertThat(named).as("spans named %s among %s", name, receiver.spans()).isNotEmpty();
        return named.get(named.size() - 1);
    }

    private static String traceOf(ExportedSpan span) {
        return span.traceId();
    }

    private static List<ExportedSpan> spansOf(String traceId) {
        return receiver.spans().stream().filter(span -> span.traceId().equals(traceId)).toList();
    }

    private static ExportedSpan only(List<ExportedSpan> trace, String name) {
        List<ExportedSpan> named = trace.stream().filter(span -> span.name().equals(name)).toList();
        assertThat(named).as("%s in %s", name, trace).hasSize(1);
        return named.get(0);
    }
}
