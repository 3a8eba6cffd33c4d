package io.parley.query;

import io.jsonwebtoken.Jwts;
import io.parley.platform.auth.AccessTokenVerifier;
import io.parley.query.web.Admins;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import io.parley.platform.auth.SessionRevocationTracking;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.parley.platform.auth.PemKeys;
import org.axonframework.axonserver.connector.event.axon.AxonServerEventStore;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
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
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The query side as its own service, started the way its main does, with the distributed settings of its
 * configuration file and the documented environment variables: read models in the MongoDB at PARLEY_MONGODB_URI
 * (here an in-memory mongo-java-server), projection tokens in the shared JDBC token store (here H2 in PostgreSQL
 * mode, with the service's own schema script), events from Axon Server — unreachable here, so the service comes up
 * and reports itself unhealthy, and answers what needs Axon Server with 503 "try again", not a 500.
 */
class QuerySideApplicationTest {

    private static final MongoServer mongo = new MongoServer(new MemoryBackend());

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
        context = QuerySideApplication.application().run(
                "--server.port=0", "--server.address=127.0.0.1",
                "--PARLEY_AXONSERVER_SERVERS=127.0.0.1:" + closedPort(),
                "--PARLEY_MONGODB_URI=" + mongo.bindAndGetConnectionString() + "/parley",
                "--PARLEY_TOKEN_STORE_URL=jdbc:h2:mem:query-tokens;MODE=PostgreSQL;DB_CLOSE_DELAY=-1",
                "--PARLEY_TOKEN_STORE_USERNAME=sa", "--PARLEY_TOKEN_STORE_PASSWORD=",
                "--PARLEY_JWT_PUBLIC_KEY_FILE=" + publicKey);
        port = ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
        mongo.shutdownNow();
    }

    @Test
    void startsOnAxonServerMongoAndASharedTokenStoreAndReportsUnhealthyWhileAxonServerIsUnreachable() throws Exception {
        assertThat(context.getEnvironment().getProperty("spring.application.name")).isEqualTo("parley-query-side");
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
        MongoTemplate readModels = context.getBean(MongoTemplate.class);
        assertThat(readModels.getDb().getName()).isEqualTo("parley");
        assertThat(readModels.executeCommand("{ping: 1}").get("ok")).isEqualTo(1.0);
        EventProcessingConfiguration processing = context.getBean(EventProcessingConfiguration.class);
        assertThat(processing.eventProcessor("conversations", TrackingEventProcessor.class)).isPresent();
        assertThat(processing.eventProcessor("analytics", TrackingEventProcessor.class)).isPresent();

        HttpResponse<String> health = healthWhenAxonServerIsDown(port);
        assertThat(health.statusCode()).isEqualTo(503);
        // (no "mongo" UP here: mongo-java-server lacks the "hello" command Boot's Mongo health check sends)
        assertThat(health.body()).contains("\"axonServer\":{\"status\":\"DOWN\"").contains("\"db\":{\"status\":\"UP\"");
    }

    /** The projections' status names the event store's head: a query that needs Axon Server. */
    @Test
    void aQueryThatNeedsAxonServerWhileItIsUnreachableIsA503ToRetryNotABug() throws Exception {
        HttpRequest projections = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/admin/projections"))
                .header("Authorization", "Bearer " + adminToken())
                .timeout(Duration.ofSeconds(30)).build();

        long started = System.nanoTime();
        HttpResponse<String> response = HttpClient.newHttpClient().send(projections, HttpResponse.BodyHandlers.ofString());

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
                .contains("parley_readmodel_write_seconds_count{processor=\"conversations\"")
                .contains("parley_readmodel_write_seconds_count{processor=\"analytics\"")
                .contains("parley_processor_lag{processor=\"session-revocations\"");
        assertThat(get(port, "/actuator/env").statusCode()).isEqualTo(404);
    }

    @Test
    void servesItsOpenApiDocument() throws Exception {
        HttpResponse<String> document = get(port, "/v3/api-docs");
        assertThat(document.statusCode()).isEqualTo(200);
        assertThat(document.body()).contains("\"/api/v1/sync\"").doesNotContain("\"/api/v1/auth/login\"");
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String adminToken() {
        Instant now = Instant.now();
        return Jwts.builder().issuer(AccessTokenVerifier.ISSUER).subject(UUID.randomUUID().toString())
                .claim(AccessTokenVerifier.DEVICE_CLAIM, "laptop")
                .claim(AccessTokenVerifier.ROLES_CLAIM, List.of(Admins.ROLE))
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
