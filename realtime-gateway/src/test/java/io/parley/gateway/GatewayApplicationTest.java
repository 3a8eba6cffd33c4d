package io.parley.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsonwebtoken.Jwts;
import io.parley.api.auth.AccessTokenVerifier;
import io.parley.api.auth.SessionRevocationTracking;
import io.parley.api.auth.PemKeys;
import org.axonframework.axonserver.connector.event.axon.AxonServerEventStore;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The realtime gateway as its own service, started the way its main does, with the distributed settings of its
 * configuration file and the documented environment variables: the realtime projector runs in a tracking processor
 * of this node's own (named after PARLEY_NODE_ID, token in memory), so every node sees every event; events come from
 * Axon Server — unreachable here, so the service comes up and reports itself unhealthy, and answers a socket's
 * commands with a 503 error frame "try again", not a 500.
 */
class GatewayApplicationTest {

    @TempDir
    static Path keys;

    private static ConfigurableApplicationContext context;
    private static int port;
    private static Path privateKey;

    @BeforeAll
    static void startWithAxonServerUnreachable() throws IOException {
        privateKey = keys.resolve("private/access-token-private.pem");
        Path publicKey = keys.resolve("public/access-token-public.pem");
        PemKeys.generateIfMissing(privateKey, publicKey);
        context = GatewayApplication.application().run(
                "--server.port=0", "--server.address=127.0.0.1",
                "--PARLEY_AXONSERVER_SERVERS=127.0.0.1:" + closedPort(),
                "--PARLEY_NODE_ID=gateway-7",
                "--PARLEY_JWT_PUBLIC_KEY_FILE=" + publicKey);
        port = ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void startsOnAxonServerWithAProcessorOfItsOwnAndReportsUnhealthyWhileAxonServerIsUnreachable() throws Exception {
        assertThat(context.getEnvironment().getProperty("spring.application.name")).isEqualTo("parley-realtime-gateway");
        assertThat(context.getBean(EventStore.class)).isInstanceOf(AxonServerEventStore.class);
        // every service learns session revocations in a tracking processor of its own, token in memory
        EventProcessingConfiguration revocationProcessing = context.getBean(EventProcessingConfiguration.class);
        assertThat(revocationProcessing.eventProcessorByProcessingGroup(SessionRevocationTracking.PROCESSING_GROUP,
                TrackingEventProcessor.class)).hasValueSatisfying(processor -> {
            assertThat(processor.getName()).startsWith("session-revocations@");
            assertThat(revocationProcessing.tokenStore(processor.getName())).isInstanceOf(InMemoryTokenStore.class);
        });

        EventProcessingConfiguration processing = context.getBean(EventProcessingConfiguration.class);
        assertThat(processing.eventProcessors().keySet()).contains("realtime@gateway-7").doesNotContain("realtime");
        assertThat(processing.eventProcessorByProcessingGroup("realtime").map(EventProcessor::getName))
                .contains("realtime@gateway-7");
        assertThat(processing.eventProcessor("realtime@gateway-7", TrackingEventProcessor.class)).isPresent();
        assertThat(processing.tokenStore("realtime")).isInstanceOf(InMemoryTokenStore.class);

        HttpResponse<String> health = healthWhenAxonServerIsDown(port);
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.body()).contains("\"axonServer\":{\"status\":\"DOWN\"");
    }

    @Test
    void aSocketSendWhileTheCommandSideIsUnreachableIsA503ErrorFrameToRetry() throws Exception {
        Frames frames = new Frames();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws?access_token=" + accessToken()), frames)
                .get(10, TimeUnit.SECONDS);
        try {
            long started = System.nanoTime();
            socket.sendText("{\"type\":\"send\",\"id\":\"s1\",\"conversationId\":\"" + UUID.randomUUID()
                    + "\",\"clientMessageId\":\"c-1\",\"text\":\"Hi!\"}", true).get(5, TimeUnit.SECONDS);

            JsonNode answer = frames.answerTo("s1", Duration.ofSeconds(10));

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
            assertThat(answer.path("type").asText()).as(answer.toString()).isEqualTo("error");
            assertThat(answer.path("status").asInt()).as(answer.toString()).isEqualTo(503);
            assertThat(answer.path("problemType").asText()).isEqualTo("urn:parley:problem:service-unavailable");
            assertThat(answer.path("retryAfter").asLong()).isEqualTo(3);
            assertThat(frames.closed).as("the socket stays open").isNotDone();
        } finally {
            socket.abort();
        }
    }

    @Test
    void exposesItsMetricsAndNoOtherActuatorEndpoint() throws Exception {
        // the metrics scraper's endpoint, with this service's meters; no other actuator endpoint is open
        HttpResponse<String> metrics = get(port, "/actuator/prometheus");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
                .contains("parley_sends_seconds_count{channel=\"socket\"")
                .contains("parley_sockets_open ")
                .contains("parley_socket_drops_total ")
                .contains("parley_delivery_latency_seconds_count ")
                .contains("parley_processor_lag{processor=\"session-revocations\"");
        assertThat(get(port, "/actuator/env").statusCode()).isEqualTo(404);
    }

    @Test
    void servesTheAsyncApiDocumentOfItsSocket() throws Exception {
        HttpResponse<String> document = get(port, "/asyncapi.yaml");
        assertThat(document.statusCode()).isEqualTo(200);
        assertThat(document.body()).contains("asyncapi: 3.0.0");
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Every frame the gateway sends, kept in arrival order. */
    private static final class Frames implements WebSocket.Listener {

        private static final ObjectMapper JSON = new ObjectMapper();

        private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
        private final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();

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

        JsonNode answerTo(String id, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            for (long left = timeout.toNanos(); left > 0; left = deadline - System.nanoTime()) {
                JsonNode frame = received.poll(left, TimeUnit.NANOSECONDS);
                if (frame != null && id.equals(frame.path("id").asText())) {
                    return frame;
                }
            }
            throw new AssertionError("no answer to " + id + " within " + timeout);
        }
    }

    private static String accessToken() {
        Instant now = Instant.now();
        return Jwts.builder().issuer(AccessTokenVerifier.ISSUER).subject(UUID.randomUUID().toString())
                .claim(AccessTokenVerifier.DEVICE_CLAIM, "laptop")
                .claim(AccessTokenVerifier.SESSION_CLAIM, UUID.randomUUID().toString())
                .issuedAt(Date.from(now)).expiration(Date.from(now.plusSeconds(600)))
                .signWith(PemKeys.readPrivateKey(privateKey), Jwts.SIG.ES256).compact();
    }

    private static HttpResponse<String> healthWhenAxonServerIsDown(int port) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                .timeout(Duration.ofSeconds(10)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        HttpResponse<String> response;
        do {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.body().contains("\"axonServer\":{\"status\":\"DOWN\"")) {
                return response;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        return response;
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
