package io.parley.media;

import io.jsonwebtoken.Jwts;
import io.parley.platform.auth.AccessTokenVerifier;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventhandling.TrackingEventProcessor;
import io.parley.platform.auth.SessionRevocationTracking;
import io.parley.platform.auth.PemKeys;
import io.parley.media.storage.ObjectStorage;
import org.axonframework.axonserver.connector.event.axon.AxonServerEventStore;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Media as its own service, started the way its main does, with the distributed settings of its configuration file
 * and the documented environment variables: object storage at PARLEY_S3_ENDPOINT (unreachable here: nothing talks to
 * it until a request does), presigned URLs for PARLEY_S3_PUBLIC_ENDPOINT (the edge), processor tokens in the shared
 * JDBC token store (here H2 in PostgreSQL mode), events from Axon Server — unreachable here, so the service comes up
 * and reports itself unhealthy, and answers what needs Axon Server with 503 "try again", not a 500.
 */
class MediaApplicationTest {

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
        context = MediaApplication.application().run(
                "--server.port=0", "--server.address=127.0.0.1",
                "--PARLEY_AXONSERVER_SERVERS=127.0.0.1:" + closedPort(),
                "--PARLEY_S3_ENDPOINT=http://127.0.0.1:" + closedPort(),
                "--PARLEY_S3_PUBLIC_ENDPOINT=http://parley.example:8080",
                "--PARLEY_S3_ACCESS_KEY=parley", "--PARLEY_S3_SECRET_KEY=parley-secret-key",
                "--PARLEY_S3_BUCKET=parley-test-media",
                "--PARLEY_TOKEN_STORE_URL=jdbc:h2:mem:media-tokens;MODE=PostgreSQL;DB_CLOSE_DELAY=-1",
                "--PARLEY_TOKEN_STORE_USERNAME=sa", "--PARLEY_TOKEN_STORE_PASSWORD=",
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
    void startsOnAxonServerMinioAndASharedTokenStoreAndReportsUnhealthyWhileAxonServerIsUnreachable() throws Exception {
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

        HttpResponse<String> health = healthWhenAxonServerIsDown(port);
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.body()).contains("\"axonServer\":{\"status\":\"DOWN\"").contains("\"db\":{\"status\":\"UP\"");
    }

    @Test
    void anUploadSessionWhileAxonServerIsUnreachableIsA503ToRetryNotABug() throws Exception {
        HttpRequest start = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/media/upload-session"))
                .header("Authorization", "Bearer " + accessToken(UUID.randomUUID().toString()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"fileName\":\"cat.png\",\"fileType\":\"image/png\","
                        + "\"fileSize\":1024,\"mediaType\":\"image\"}"))
                .timeout(Duration.ofSeconds(30)).build();

        long started = System.nanoTime();
        HttpResponse<String> response = HttpClient.newHttpClient().send(start, HttpResponse.BodyHandlers.ofString());

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        assertThat(response.headers().firstValue("Retry-After")).hasValue("3");
        assertThat(response.body()).contains("\"type\":\"urn:parley:problem:service-unavailable\"");
    }

    @Test
    void exposesItsMetricsAndNoOtherActuatorEndpoint() throws Exception {
        // the metrics scraper's endpoint, with this service's meters; no other actuator endpoint is open
        HttpResponse<String> metrics = get(port, "/actuator/prometheus");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
                .contains("parley_media_uploads{state=\"pending\"")
                .contains("parley_processor_lag{processor=\"session-revocations\"");
        assertThat(get(port, "/actuator/env").statusCode()).isEqualTo(404);
    }

    @Test
    void servesItsOpenApiDocument() throws Exception {
        HttpResponse<String> document = get(port, "/v3/api-docs");
        assertThat(document.statusCode()).isEqualTo(200);
        assertThat(document.body()).contains("\"/api/v1/media/upload-session\"").doesNotContain("\"/api/v1/sync\"");
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String accessToken(String userId) {
        Instant now = Instant.now();
        return Jwts.builder().issuer(AccessTokenVerifier.ISSUER).subject(userId)
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
