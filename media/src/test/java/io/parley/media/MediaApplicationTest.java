package io.parley.media;

import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventhandling.TrackingEventProcessor;
import io.parley.api.auth.SessionRevocationTracking;
import io.parley.api.auth.PemKeys;
import io.parley.media.storage.ObjectStorage;
import org.axonframework.axonserver.connector.event.axon.AxonServerEventStore;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

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
 * Media as its own service, started the way its main does, with the distributed settings of its configuration file
 * and the documented environment variables: object storage at PARLEY_S3_ENDPOINT (unreachable here: nothing talks to
 * it until a request does), presigned URLs for PARLEY_S3_PUBLIC_ENDPOINT (the edge), processor tokens in the shared
 * JDBC token store (here H2 in PostgreSQL mode), events from Axon Server — unreachable here, so the service comes up
 * and reports itself unhealthy.
 */
class MediaApplicationTest {

    @TempDir
    Path keys;

    @Test
    void startsOnAxonServerMinioAndASharedTokenStoreAndReportsUnhealthyWhileAxonServerIsUnreachable() throws Exception {
        Path privateKey = keys.resolve("private/access-token-private.pem");
        Path publicKey = keys.resolve("public/access-token-public.pem");
        PemKeys.generateIfMissing(privateKey, publicKey);

        try (ConfigurableApplicationContext context = MediaApplication.application().run(
                "--server.port=0", "--server.address=127.0.0.1",
                "--PARLEY_AXONSERVER_SERVERS=127.0.0.1:" + closedPort(),
                "--PARLEY_S3_ENDPOINT=http://127.0.0.1:" + closedPort(),
                "--PARLEY_S3_PUBLIC_ENDPOINT=http://parley.example:8080",
                "--PARLEY_S3_ACCESS_KEY=parley", "--PARLEY_S3_SECRET_KEY=parley-secret-key",
                "--PARLEY_S3_BUCKET=parley-test-media",
                "--PARLEY_TOKEN_STORE_URL=jdbc:h2:mem:media-tokens;MODE=PostgreSQL;DB_CLOSE_DELAY=-1",
                "--PARLEY_TOKEN_STORE_USERNAME=sa", "--PARLEY_TOKEN_STORE_PASSWORD=",
                "--PARLEY_JWT_PUBLIC_KEY_FILE=" + publicKey)) {

            assertThat(context.getEnvironment().getProperty("spring.application.name")).isEqualTo("parley-media");
            assertThat(context.getBean(EventStore.class)).isInstanceOf(AxonServerEventStore.class);
            // every service learns session revocations in a tracking processor of its own, token in memory
            EventProcessingConfiguration revocationProcessing = context.getBean(EventProcessingConfiguration.class);
            assertThat(revocationProcessing.eventProcessorByProcessingGroup(SessionRevocationTracking.PROCESSING_GROUP,
                    TrackingEventProcessor.class)).hasValueSatisfying(processor -> {
                assertThat(processor.getName()).startsWith("session-revocations@");
                assertThat(revocationProcessing.tokenStore(processor.getName())).isInstanceOf(InMemoryTokenStore.class);
            });
            assertThat(context.getBean(TokenStore.class)).isInstanceOf(JdbcTokenStore.class);
            assertThat(context.getBean(JdbcTemplate.class).queryForObject("select count(*) from TokenEntry", Integer.class))
                    .isNotNull();
            assertThat(context.getBean(EventProcessingConfiguration.class).eventProcessor("media-processing")).isPresent();
            // presigning is local: the URL names the public endpoint and the configured bucket
            assertThat(context.getBean(ObjectStorage.class).presignGet("image/u/1-x.png", Duration.ofMinutes(5),
                    "image/png", "inline"))
                    .startsWith("http://parley.example:8080/parley-test-media/image/u/1-x.png?");

            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            HttpResponse<String> health = healthWhenAxonServerIsDown(port);
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body()).contains("\"axonServer\":{\"status\":\"DOWN\"").contains("\"db\":{\"status\":\"UP\"");

            // the metrics scraper's endpoint, with this service's meters; no other actuator endpoint is open
            HttpResponse<String> metrics = get(port, "/actuator/prometheus");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body())
                    .contains("parley_media_uploads{state=\"pending\"")
                    .contains("parley_processor_lag{processor=\"session-revocations\"");
            assertThat(get(port, "/actuator/env").statusCode()).isEqualTo(404);
            // the OpenAPI document of this service's own endpoints
            HttpResponse<String> document = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/v3/api-docs")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(document.statusCode()).isEqualTo(200);
            assertThat(document.body()).contains("\"/api/v1/media/upload-session\"").doesNotContain("\"/api/v1/sync\"");
        }
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

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
