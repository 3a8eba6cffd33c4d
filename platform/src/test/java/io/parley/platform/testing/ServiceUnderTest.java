package io.parley.platform.testing;

import io.parley.platform.auth.SessionRevocationTracking;
import org.axonframework.axonserver.connector.event.axon.AxonServerEventStore;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.web.SecurityFilterChain;

import javax.sql.DataSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service started the way its main does, for the services' start-up tests (a JUnit extension: register it in a
 * static field; it stops the service after the class's tests): on a random port of the loopback interface, with Axon
 * Server unreachable (a closed port) and an access-token key pair made for the test, whose public half the service is
 * given; the test adds the arguments of its own service.
 */
public final class ServiceUnderTest implements AfterAllCallback {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String AXON_SERVER_DOWN = "\"axonServer\":{\"status\":\"DOWN\"";

    private final HttpClient http = HttpClient.newHttpClient();
    private final Path keys;
    private final TestAccessTokens tokens;
    private List<String> tokenStore = List.of();
    private ConfigurableApplicationContext context;

    /** Makes the token key pair, in a temporary directory of its own. */
    public ServiceUnderTest() {
        try {
            this.keys = Files.createTempDirectory("parley-keys");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.tokens = new TestAccessTokens(keys);
    }

    /** Keeps the processors' tokens in a shared JDBC token store: here H2 in PostgreSQL mode, in memory, by this name. */
    public ServiceUnderTest withTokenStoreInH2(String name) {
        tokenStore = List.of("--PARLEY_TOKEN_STORE_URL=jdbc:h2:mem:" + name + ";MODE=PostgreSQL;DB_CLOSE_DELAY=-1",
                "--PARLEY_TOKEN_STORE_USERNAME=sa", "--PARLEY_TOKEN_STORE_PASSWORD=");
        return this;
    }

    /** Keeps the processors' tokens in a shared JDBC token store: here the PostgreSQL at that URL. */
    public ServiceUnderTest withTokenStoreInPostgres(LocalPostgres postgres, String url) {
        tokenStore = List.of("--PARLEY_TOKEN_STORE_URL=" + url, "--PARLEY_TOKEN_STORE_USERNAME=" + LocalPostgres.USER,
                "--PARLEY_TOKEN_STORE_PASSWORD=" + postgres.password());
        return this;
    }

    public ServiceUnderTest start(SpringApplication application, String... arguments) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--server.address=127.0.0.1",
                "--PARLEY_AXONSERVER_SERVERS=127.0.0.1:" + closedPort(),
                "--PARLEY_JWT_PUBLIC_KEY_FILE=" + tokens.publicKey()));
        args.addAll(tokenStore);
        args.addAll(List.of(arguments));
        context = application.run(args.toArray(String[]::new));
        return this;
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    public int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public Path privateKey() {
        return tokens.privateKey();
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    public HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)));
    }

    public HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** An access token of a device of the user's, signed with the test's key, with these roles. */
    public String accessToken(String userId, String... roles) {
        return tokens.accessToken(userId, roles);
    }

    /** The health report once it names Axon Server down (its check runs in the background), or the last one. */
    public HttpResponse<String> healthWhileAxonServerIsDown() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        HttpResponse<String> response;
        do {
            response = get("/actuator/health");
            if (response.body().contains(AXON_SERVER_DOWN)) {
                return response;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        return response;
    }

    /**
     * The service is the application of that name, its events come from Axon Server, and it learns session revocations
     * in a tracking processor of its own, token in memory (as every service does).
     */
    public void assertRunsOnAxonServerAs(String applicationName) {
        assertThat(context.getEnvironment().getProperty("spring.application.name")).isEqualTo(applicationName);
        assertThat(context.getBean(EventStore.class)).isInstanceOf(AxonServerEventStore.class);
        EventProcessingConfiguration processing = context.getBean(EventProcessingConfiguration.class);
        assertThat(processing.eventProcessorByProcessingGroup(SessionRevocationTracking.PROCESSING_GROUP,
                TrackingEventProcessor.class)).hasValueSatisfying(processor -> {
            assertThat(processor.getName()).startsWith(SessionRevocationTracking.PROCESSING_GROUP + "@");
            assertThat(processing.tokenStore(processor.getName())).isInstanceOf(InMemoryTokenStore.class);
        });
    }

    /** The service's processors keep their tokens in the shared JDBC token store, whose table its schema script made. */
    public void assertKeepsTokensInTheSharedJdbcStore() throws SQLException {
        assertThat(context.getBean(TokenStore.class)).isInstanceOf(JdbcTokenStore.class);
        try (Connection connection = context.getBean(DataSource.class).getConnection();
             ResultSet tokens = connection.createStatement().executeQuery("select count(*) from TokenEntry")) {
            assertThat(tokens.next()).isTrue();
        }
    }

    /** The metrics scraper's endpoint is open, with these of the service's meters; no other actuator endpoint is. */
    public void assertExposesMetricsAndNoOtherActuatorEndpoint(String... meters) throws Exception {
        HttpResponse<String> metrics = get("/actuator/prometheus");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains(meters)
                .contains("parley_processor_lag{processor=\"" + SessionRevocationTracking.PROCESSING_GROUP + "\"");
        assertThat(get("/actuator/env").statusCode()).isEqualTo(404);
    }

    /**
     * The service runs Parley's one security chain: these paths need a valid bearer token (401 problem with a Bearer
     * challenge otherwise, no session cookie), the operators' endpoints and the API documents do not.
     */
    public void assertOnlyParleysSecurityChainGuards(String... protectedPaths) throws Exception {
        assertThat(context.getBeansOfType(SecurityFilterChain.class)).hasSize(1);
        for (String path : protectedPaths) {
            for (String token : new String[]{null, "a.b.c", accessToken(UUID.randomUUID().toString()) + "x"}) {
                HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
                if (token != null) {
                    request.header("Authorization", "Bearer " + token);
                }
                HttpResponse<String> refused = send(request);
                assertThat(refused.statusCode()).as(path + " " + refused.body()).isEqualTo(401);
                assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
                assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                        assertThat(type).startsWith("application/problem+json"));
                assertThat(refused.body()).contains("\"type\":\"urn:parley:problem:unauthenticated\"");
                assertThat(refused.headers().firstValue("Set-Cookie")).isEmpty();
            }
        }
        for (String open : new String[]{"/actuator/health", "/actuator/prometheus", "/v3/api-docs"}) {
            assertThat(get(open).statusCode()).as(open).isNotEqualTo(401);
        }
        assertThat(get("/actuator/prometheus").body()).as("no meters per security filter").doesNotContain("spring_security");
    }

    /** Its OpenAPI document names this path and not that one (of another service). */
    public void assertOpenApiDocumentNames(String path, String notPath) throws Exception {
        HttpResponse<String> document = get("/v3/api-docs");
        assertThat(document.statusCode()).isEqualTo(200);
        assertThat(document.body()).contains("\"" + path + "\"").doesNotContain("\"" + notPath + "\"");
    }

    /**
     * The request, by a user with these roles, is answered quickly with 503, problem+json of the service-unavailable
     * type, and when to try again.
     */
    public void assertUnavailableToRetry(HttpRequest.Builder request, String... roles) throws Exception {
        request.header("Authorization", "Bearer " + accessToken(UUID.randomUUID().toString(), roles));
        long started = System.nanoTime();
        HttpResponse<String> response = send(request);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(WAIT);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        assertThat(response.headers().firstValue("Retry-After")).hasValue("3");
        assertThat(response.body()).contains("\"type\":\"urn:parley:problem:service-unavailable\"")
                .contains("\"status\":503");
    }

    /** A port nothing listens on. */
    public static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the service now, for a test that stops what it runs on afterwards (it is stopped after the tests anyway). */
    public void stop() {
        if (context != null) {
            context.close();
        }
    }

    @Override
    public void afterAll(ExtensionContext junit) throws IOException {
        stop();
        try (Stream<Path> files = Files.walk(keys)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
