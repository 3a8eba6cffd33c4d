package io.parley.standalone;

import io.parley.platform.testing.SocketClient;
import io.parley.standalone.ParleyClient.Session;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.DoublePredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operators' metrics on {@code /actuator/prometheus}, read over real HTTP as Prometheus would, after real sends,
 * sockets and uploads. Every test shares the app with the others, so figures are compared with their value before.
 */
class MetricsTest extends StandaloneTest {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Duration PATIENCE = Duration.ofSeconds(15);

    private final HttpClient http = HttpClient.newHttpClient();
    private String aliceName;
    private String bobName;
    private Session alice;
    private Session bob;
    private String conversation;

    @BeforeEach
    void aliceAndBobInADirectConversation() {
        aliceName = uniqueName("alice");
        bobName = uniqueName("bob");
        alice = client.registerAndLogin(aliceName);
        bob = client.registerAndLogin(bobName);
        conversation = client.post("/api/v1/conversations/direct", alice.accessToken(),
                Map.of("peerUserId", bob.userId())).text("conversationId");
    }

    @Test
    void sendsAreCountedAndTimedPerChannelAndOutcomeAndDeliveriesTimed() throws Exception {
        Map<String, String> restAccepted = Map.of("channel", "rest", "outcome", "accepted");
        Map<String, String> restRejected = Map.of("channel", "rest", "outcome", "rejected");
        Map<String, String> socketAccepted = Map.of("channel", "socket", "outcome", "accepted");
        Metrics before = scrape();

        try (SocketClient alicePhone = live(alice); SocketClient bobPhone = live(bob)) {
            for (int i = 1; i <= 3; i++) {
                assertThat(client.post("/api/v1/conversations/" + conversation + "/messages", alice.accessToken(),
                        Map.of("clientMessageId", "rest-" + i, "text", "over REST " + i)).status()).isEqualTo(201);
            }
            // refused by the conversation (a reply to a message that does not exist), not by the request's constraints
            assertThat(client.post("/api/v1/conversations/" + conversation + "/messages", alice.accessToken(),
                    Map.of("clientMessageId", "no-such-reply", "text", "re", "replyTo", 999)).status()).isEqualTo(400);
            for (int i = 1; i <= 2; i++) {
                String id = "s" + i;
                alicePhone.send(Map.of("type", "send", "id", id, "conversationId", conversation,
                        "clientMessageId", "socket-" + i, "text", "over the socket " + i));
                alicePhone.await(frame -> frame.path("type").asText().equals("ack") && frame.path("id").asText().equals(id),
                        PATIENCE);
            }
            for (int i = 0; i < 5; i++) {
                bobPhone.await("message");
            }
        }

        Metrics after = scrape();
        assertThat(after.sum("parley_sends_seconds_count", restAccepted)
                - before.sum("parley_sends_seconds_count", restAccepted)).isEqualTo(3);
        assertThat(after.sum("parley_sends_seconds_count", restRejected)
                - before.sum("parley_sends_seconds_count", restRejected)).isEqualTo(1);
        assertThat(after.sum("parley_sends_seconds_count", socketAccepted)
                - before.sum("parley_sends_seconds_count", socketAccepted)).isEqualTo(2);
        assertThat(after.sum("parley_sends_seconds_sum", socketAccepted)).as("a latency was measured").isPositive();
        assertThat(after.samples("parley_sends_seconds_bucket", restAccepted)).as("a latency histogram").hasSizeGreaterThan(10);

        // each of the five messages was pushed to sockets (Alice's and Bob's): one delivery latency each
        assertThat(after.sum("parley_delivery_latency_seconds_count", Map.of())
                - before.sum("parley_delivery_latency_seconds_count", Map.of())).isGreaterThanOrEqualTo(5);
        assertThat(after.samples("parley_delivery_latency_seconds_bucket", Map.of())).hasSizeGreaterThan(10);

        // the projection wrote them out in at least one timed batch
        Map<String, String> conversations = Map.of("processor", "conversations");
        awaitValue("parley_readmodel_write_seconds_count", conversations,
                count -> count > before.sum("parley_readmodel_write_seconds_count", conversations));
    }

    @Test
    void openSocketsAreCountedAndSlowSocketDropsHaveACounter() throws Exception {
        double before = scrape().sum("parley_sockets_open", Map.of());
        List<SocketClient> sockets = new ArrayList<>();
        try {
            sockets.add(live(alice));
            sockets.add(live(client.login(aliceName, "laptop")));
            sockets.add(live(bob));
            awaitValue("parley_sockets_open", Map.of(), open -> open == before + 3);
        } finally {
            sockets.forEach(SocketClient::close);
        }
        awaitValue("parley_sockets_open", Map.of(), open -> open == before);

        assertThat(scrape().samples("parley_socket_drops_total", Map.of())).as("the drops counter, even at 0").hasSize(1);
    }

    @Test
    void everyStreamingProcessorReportsItsLagBehindTheHeadOfTheEventStream() {
        List<String> processors = List.of("conversations", "analytics", "media-audience", "media-sharing",
                "media-processing", "media-pending-uploads", "media-cleanup", "session-revocations");
        assertThat(scrape().labelValues("parley_processor_lag", "processor")).containsAll(processors);

        client.post("/api/v1/conversations/" + conversation + "/messages", alice.accessToken(),
                Map.of("clientMessageId", "lag", "text", "how far behind?"));
        for (String processor : processors) {
            awaitValue("parley_processor_lag", Map.of("processor", processor), lag -> lag >= 0 && lag < 1_000);
        }
        // once the projection has caught up with what this test wrote, it is at the head
        awaitValue("parley_processor_lag", Map.of("processor", "conversations"), lag -> lag == 0);
    }

    @Test
    void uploadSessionsAreCountedByState() {
        Map<String, String> pending = Map.of("state", "pending");
        double before = scrape().sum("parley_media_uploads", pending);

        ParleyClient.Response session = client.post("/api/v1/media/upload-session", alice.accessToken(),
                Map.of("fileName", "cat.png", "fileType", "image/png", "fileSize", 100, "mediaType", "image"));
        assertThat(session.status()).isEqualTo(201);

        awaitValue("parley_media_uploads", pending, count -> count == before + 1);
        assertThat(scrape().labelValues("parley_media_uploads", "state"))
                .containsExactlyInAnyOrder("pending", "uploaded", "processing", "ready", "failed", "expired");
    }

    @Test
    void anAccessTokenUsedForManyRequestsHasItsSignatureCheckedOnce() {
        Map<String, String> checked = Map.of("cache", "access-tokens", "result", "miss");
        Map<String, String> cached = Map.of("cache", "access-tokens", "result", "hit");
        Session carol = client.registerAndLogin(uniqueName("carol"));
        Metrics before = scrape();

        for (int i = 0; i < 5; i++) {
            assertThat(client.get("/api/v1/conversations", carol.accessToken()).status()).isEqualTo(200);
        }
        String unsigned = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";
        for (int i = 0; i < 2; i++) {
            assertThat(client.get("/api/v1/conversations", unsigned).status()).isEqualTo(401);
        }

        Metrics after = scrape();
        assertThat(after.sum("cache_gets_total", checked) - before.sum("cache_gets_total", checked))
                .as("carol's token once, the bad one each time").isEqualTo(3);
        assertThat(after.sum("cache_gets_total", cached) - before.sum("cache_gets_total", cached)).isEqualTo(4);
        assertThat(after.sum("cache_size", Map.of("cache", "access-tokens"))).isPositive();
    }

    @Test
    void theEndpointNamesNoUserConversationOrMediaAndNoOtherActuatorEndpointIsOpen() throws Exception {
        String mediaId = client.post("/api/v1/media/upload-session", alice.accessToken(), Map.of("fileName", "a.png",
                "fileType", "image/png", "fileSize", 100, "mediaType", "image")).text("mediaId");
        try (SocketClient alicePhone = live(alice); SocketClient bobPhone = live(bob)) {
            alicePhone.send(Map.of("type", "send", "id", "s", "conversationId", conversation,
                    "clientMessageId", "c", "text", "hello"));
            bobPhone.await("message");
        }

        String text = get("/actuator/prometheus").body();
        assertThat(text).contains("parley_sends_seconds_count")
                .doesNotContain(alice.userId(), bob.userId(), conversation, mediaId, aliceName, bobName);

        for (String closed : List.of("/actuator/env", "/actuator/metrics", "/actuator/beans", "/actuator/configprops",
                "/actuator/heapdump", "/actuator/loggers")) {
            assertThat(get(closed).statusCode()).as(closed).isEqualTo(404);
        }
    }

    private SocketClient live(Session session) throws InterruptedException {
        return SocketClient.live(port, session.accessToken(), PATIENCE);
    }

    private void awaitValue(String name, Map<String, String> labels, DoublePredicate wanted) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        double value;
        do {
            value = scrape().sum(name, labels);
            if (wanted.test(value)) {
                return;
            }
            sleep();
        } while (System.nanoTime() < deadline);
        throw new AssertionError(name + labels + " is still " + value + " after " + PATIENCE);
    }

    private Metrics scrape() {
        HttpResponse<String> response = get("/actuator/prometheus");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        return Metrics.parse(response.body());
    }

    private HttpResponse<String> get(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Sample(String name, Map<String, String> labels, double value) {
    }

    /** The samples of one scrape, in the Prometheus text format. */
    record Metrics(List<Sample> all) {

        static Metrics parse(String text) {
            List<Sample> samples = new ArrayList<>();
            for (String line : text.split("\n")) {
                Matcher sample = SAMPLE.matcher(line.strip());
                if (line.startsWith("#") || !sample.matches()) {
                    continue;
                }
                Map<String, String> labels = new HashMap<>();
                Matcher label = LABEL.matcher(sample.group(3) == null ? "" : sample.group(3));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
                samples.add(new Sample(sample.group(1), labels, Double.parseDouble(sample.group(4))));
            }
            return new Metrics(samples);
        }

        /** The samples of that name carrying (at least) those labels. */
        List<Sample> samples(String name, Map<String, String> labels) {
            return all.stream().filter(sample -> sample.name().equals(name)
                    && sample.labels().entrySet().containsAll(labels.entrySet())).toList();
        }

        double sum(String name, Map<String, String> labels) {
            return samples(name, labels).stream().mapToDouble(Sample::value).sum();
        }

        Set<String> labelValues(String name, String label) {
            Set<String> values = new TreeSet<>();
            samples(name, Map.of()).forEach(sample -> values.add(sample.labels().get(label)));
            return values;
        }
    }
}
