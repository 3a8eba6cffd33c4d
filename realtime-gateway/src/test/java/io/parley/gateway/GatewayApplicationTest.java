package io.parley.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import io.parley.platform.testing.ServiceUnderTest;
import io.parley.platform.testing.SocketClient;
import org.axonframework.axonserver.connector.AxonServerConfiguration;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

    @RegisterExtension
    static final ServiceUnderTest service = new ServiceUnderTest();

    @BeforeAll
    static void startWithAxonServerUnreachable() {
        service.start(GatewayApplication.application(), "--PARLEY_NODE_ID=gateway-7");
    }

    @Test
    void startsOnAxonServerWithAProcessorOfItsOwnAndReportsUnhealthyWhileAxonServerIsUnreachable() throws Exception {
        service.assertRunsOnAxonServerAs("parley-realtime-gateway");

        EventProcessingConfiguration processing = service.context().getBean(EventProcessingConfiguration.class);
        assertThat(processing.eventProcessors().keySet()).contains("realtime@gateway-7").doesNotContain("realtime");
        assertThat(processing.eventProcessorByProcessingGroup("realtime").map(EventProcessor::getName))
                .contains("realtime@gateway-7");
        assertThat(processing.eventProcessor("realtime@gateway-7", TrackingEventProcessor.class)).isPresent();
        assertThat(processing.tokenStore("realtime")).isInstanceOf(InMemoryTokenStore.class);
        // its position must reach events it has no handler for (catch-up waits for the head of the stream)
        assertThat(service.context().getBean(AxonServerConfiguration.class).isEventBlockListingEnabled()).isFalse();

        HttpResponse<String> health = service.healthWhileAxonServerIsDown();
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.body()).contains("\"axonServer\":{\"status\":\"DOWN\"");
    }

    @Test
    void aSocketSendWhileTheCommandSideIsUnreachableIsA503ErrorFrameToRetry() throws Exception {
        SocketClient socket = SocketClient.connect(service.port(), service.accessToken(UUID.randomUUID().toString()));
        try {
            long started = System.nanoTime();
            socket.sendRaw("{\"type\":\"send\",\"id\":\"s1\",\"conversationId\":\"" + UUID.randomUUID()
                    + "\",\"clientMessageId\":\"c-1\",\"text\":\"Hi!\"}");

            JsonNode answer = socket.answerTo("s1");

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
            assertThat(answer.path("type").asText()).as(answer.toString()).isEqualTo("error");
            assertThat(answer.path("status").asInt()).as(answer.toString()).isEqualTo(503);
            assertThat(answer.path("problemType").asText()).isEqualTo("urn:parley:problem:service-unavailable");
            assertThat(answer.path("retryAfter").asLong()).isEqualTo(3);
            assertThat(socket.isClosed()).as("the socket stays open").isFalse();
        } finally {
            socket.close();
        }
    }

    @Test
    void exposesItsMetricsAndNoOtherActuatorEndpoint() throws Exception {
        service.assertExposesMetricsAndNoOtherActuatorEndpoint("parley_sends_seconds_count{channel=\"socket\"",
                "parley_sockets_open ", "parley_socket_drops_total ", "parley_delivery_latency_seconds_count ");
    }

    @Test
    void servesTheAsyncApiDocumentOfItsSocket() throws Exception {
        HttpResponse<String> document = service.get("/asyncapi.yaml");
        assertThat(document.statusCode()).isEqualTo(200);
        assertThat(document.body()).contains("asyncapi: 3.0.0");
    }

    @Test
    void withPushOffItHasNoMongoDbClientAndServesNoPushApi() throws Exception {
        assertThat(service.context().getBeansOfType(MongoClient.class)).isEmpty();
        HttpResponse<String> push = service.send(HttpRequest.newBuilder(service.uri("/api/v1/push/settings"))
                .header("Authorization", "Bearer " + service.accessToken(UUID.randomUUID().toString())));
        assertThat(push.statusCode()).as(push.body()).isEqualTo(404);
    }

    @Test
    void guardsItsApiWithParleysOneSecurityChain() throws Exception {
        service.assertOnlyParleysSecurityChainGuards("/api/v1/push/settings", "/ws");
    }
}
