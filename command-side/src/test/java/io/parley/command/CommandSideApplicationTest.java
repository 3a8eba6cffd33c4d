package io.parley.command;

import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.config.EventProcessingConfiguration;
import io.parley.api.auth.SessionRevocationTracking;
import io.parley.api.auth.PemKeys;
import org.axonframework.axonserver.connector.event.axon.AxonServerEventStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import javax.sql.DataSource;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command side as its own service, started the way its main does, with the distributed settings of its
 * configuration file and the documented environment variables: Axon Server is the event store (no database here),
 * and with Axon Server unreachable the service still comes up and reports itself unhealthy.
 */
class CommandSideApplicationTest {

    @TempDir
    Path keys;

    @Test
    void startsOnAxonServerAndReportsUnhealthyWhileItIsUnreachable() throws Exception {
        Path privateKey = keys.resolve("private/access-token-private.pem");
        Path publicKey = keys.resolve("public/access-token-public.pem");
        PemKeys.generateIfMissing(privateKey, publicKey);

        try (ConfigurableApplicationContext context = CommandSideApplication.application().run(
                "--server.port=0", "--server.address=127.0.0.1",
                "--PARLEY_AXONSERVER_SERVERS=127.0.0.1:" + closedPort(),
                "--PARLEY_JWT_PRIVATE_KEY_FILE=" + privateKey, "--PARLEY_JWT_PUBLIC_KEY_FILE=" + publicKey,
                "--parley.jwt.analysts=")) {

            assertThat(context.getEnvironment().getProperty("spring.application.name")).isEqualTo("parley-command-side");
            assertThat(context.getBean(EventStore.class)).isInstanceOf(AxonServerEventStore.class);
            // every service learns session revocations in a tracking processor of its own, token in memory
            EventProcessingConfiguration revocationProcessing = context.getBean(EventProcessingConfiguration.class);
            assertThat(revocationProcessing.eventProcessorByProcessingGroup(SessionRevocationTracking.PROCESSING_GROUP,
                    TrackingEventProcessor.class)).hasValueSatisfying(processor -> {
                assertThat(processor.getName()).startsWith("session-revocations@");
                assertThat(revocationProcessing.tokenStore(processor.getName())).isInstanceOf(InMemoryTokenStore.class);
            });
            assertThat(context.getBeanNamesForType(DataSource.class)).isEmpty();

            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            HttpResponse<String> health = healthWhenAxonServerIsDown(port);
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body()).contains("\"status\":\"DOWN\"").contains("\"axonServer\":{\"status\":\"DOWN\"");

            // the metrics scraper's endpoint, with this service's meters; no other actuator endpoint is open
            HttpResponse<String> metrics = get(port, "/actuator/prometheus");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body())
                    .contains("parley_sends_seconds_count{channel=\"rest\"")
                    .contains("parley_processor_lag{processor=\"session-revocations\"");
            assertThat(get(port, "/actuator/env").statusCode()).isEqualTo(404);
            // the OpenAPI document of this service's own endpoints
            HttpResponse<String> document = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/v3/api-docs")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(document.statusCode()).isEqualTo(200);
            assertThat(document.body()).contains("\"/api/v1/auth/login\"").doesNotContain("\"/api/v1/sync\"");
        }
    }

    static HttpResponse<String> healthWhenAxonServerIsDown(int port) throws Exception {
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

    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
