package io.parley.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.api.account.UserId;
import io.parley.platform.auth.SessionRevocationTracking;
import io.parley.gateway.GatewayOnLocalBuses.Socket;
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
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

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
    /** For its access tokens and sockets only: this gateway runs on Axon Server, not on local buses. */
    private static GatewayOnLocalBuses tokens;

    @BeforeAll
    static void startWithAxonServerUnreachable() throws IOException {
        tokens = new GatewayOnLocalBuses(keys);
        Path publicKey = tokens.publicKey();
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
        Socket socket = Socket.connect(port, tokens.accessToken(UserId.of(UUID.randomUUID().toString())));
        try {
            long started = System.nanoTime();
            socket.send("{\"type\":\"send\",\"id\":\"s1\",\"conversationId\":\"" + UUID.randomUUID()
                    + "\",\"clientMessageId\":\"c-1\",\"text\":\"Hi!\"}");

            JsonNode answer = socket.answerTo("s1");

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
            assertThat(answer.path("type").asText()).as(answer.toString()).isEqualTo("error");
            assertThat(answer.path("status").asInt()).as(answer.toString()).isEqualTo(503);
            assertThat(answer.path("problemType").asText()).isEqualTo("urn:parley:problem:service-unavailable");
            assertThat(answer.path("retryAfter").asLong()).isEqualTo(3);
            assertThat(socket.closed).as("the socket stays open").isNotDone();
        } finally {
            socket.close();
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
