package io.parley.command;

import io.jsonwebtoken.Jwts;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.config.EventProcessingConfiguration;
import io.parley.platform.auth.AccessTokenVerifier;
import io.parley.platform.auth.SessionRevocationTracking;
import io.parley.platform.auth.PemKeys;
import org.axonframework.axonserver.connector.event.axon.AxonServerEventStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command side as its own service, started the way its main does, with the distributed settings of its
 * configuration file and the documented environment variables: Axon Server is the event store (no database here),
 * and with Axon Server unreachable the service still comes up, reports itself unhealthy, and answers the commands
 * it cannot dispatch with 503 "try again", not a 500.
 */
class CommandSideApplicationTest {

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
        context = CommandSideApplication.application().run(
                "--server.port=0", "--server.address=127.0.0.1",
                "--PARLEY_AXONSERVER_SERVERS=127.0.0.1:" + closedPort(),
                "--PARLEY_JWT_PRIVATE_KEY_FILE=" + privateKey, "--PARLEY_JWT_PUBLIC_KEY_FILE=" + publicKey,
                "--parley.jwt.analysts=");
        port = ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void startsOnAxonServerAndReportsUnhealthyWhileItIsUnreachable() throws Exception {
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

        HttpResponse<String> health = healthWhenAxonServerIsDown(port);
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.body()).contains("\"status\":\"DOWN\"").contains("\"axonServer\":{\"status\":\"DOWN\"");
    }

    @Test
    void aSendWhileAxonServerIsUnreachableIsA503ToRetryNotABug() throws Exception {
        HttpRequest send = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/conversations/"
                        + UUID.randomUUID() + "/messages"))
                .header("Authorization", "Bearer " + accessToken(privateKey, UUID.randomUUID().toString()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"clientMessageId\":\"c-1\",\"text\":\"Hi!\"}"))
                .timeout(Duration.ofSeconds(30)).build();

        long started = System.nanoTime();
        HttpResponse<String> response = HttpClient.newHttpClient().send(send, HttpResponse.BodyHandlers.ofString());

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertServiceUnavailable(response);
    }

    @Test
    void exposesItsMetricsAndNoOtherActuatorEndpoint() throws Exception {
        // the metrics scraper's endpoint, with this service's meters; no other actuator endpoint is open
        HttpResponse<String> metrics = get(port, "/actuator/prometheus");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
                .contains("parley_sends_seconds_count{channel=\"rest\"")
                .contains("parley_processor_lag{processor=\"session-revocations\"");
        assertThat(get(port, "/actuator/env").statusCode()).isEqualTo(404);
    }

    @Test
    void servesItsOpenApiDocument() throws Exception {
        HttpResponse<String> document = get(port, "/v3/api-docs");
        assertThat(document.statusCode()).isEqualTo(200);
        assertThat(document.body()).contains("\"/api/v1/auth/login\"").doesNotContain("\"/api/v1/sync\"");
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** 503, problem+json of the service-unavailable type, and when to try again. */
    static void assertServiceUnavailable(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        assertThat(response.headers().firstValue("Retry-After")).hasValue("3");
        assertThat(response.body()).contains("\"type\":\"urn:parley:problem:service-unavailable\"")
                .contains("\"status\":503");
    }

    static String accessToken(Path privateKeyFile, String userId) {
        Instant now = Instant.now();
        return Jwts.builder().issuer(AccessTokenVerifier.ISSUER).subject(userId)
                .claim(AccessTokenVerifier.DEVICE_CLAIM, "laptop")
                .claim(AccessTokenVerifier.ROLES_CLAIM, List.of())
                .claim(AccessTokenVerifier.SESSION_CLAIM, UUID.randomUUID().toString())
                .issuedAt(Date.from(now)).expiration(Date.from(now.plusSeconds(600)))
                .signWith(PemKeys.readPrivateKey(privateKeyFile), Jwts.SIG.ES256).compact();
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
}
