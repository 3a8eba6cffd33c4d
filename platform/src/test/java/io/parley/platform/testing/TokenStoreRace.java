package io.parley.platform.testing;

import org.axonframework.eventhandling.tokenstore.ConfigToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.springframework.boot.SpringApplication;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes starting at once on a fresh shared token table, made deterministic: the test plays the other node. In a
 * transaction it leaves open, it inserts the token store's identifier row ({@code __config}), as a node starting a
 * moment earlier would; then the service starts, and its insert of the same key waits on PostgreSQL's unique index;
 * then the other node commits, and the service's insert fails on the duplicate key (AxonFramework#4802).
 * <p>
 * What asks for the identifier at start is Axon Server's processor control (connected, it registers each processor
 * with its info, which names the identifier). Axon Server is unreachable in these tests, so a load-balancing strategy
 * for one of the service's processors (Axon's {@code axon.axonserver.eventhandling.processors.<name>.*}) makes the
 * processor control ask, in its start phase as when connected.
 */
public final class TokenStoreRace {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String SCHEMA = "config/parley-token-store.sql";

    private TokenStoreRace() {
    }

    /**
     * Starts the service on a new database while another node creates the identifier (the processor: one of the
     * service's that keeps its token in the shared store); asserts that it starts, healthy
     * (as far as its database goes: Axon Server is unreachable in these tests), with the other node's identifier.
     */
    public static void assertStartsWhileAnotherNodeCreatesTheIdentifier(LocalPostgres postgres, String database,
                                                                        ServiceUnderTest service,
                                                                        SpringApplication application,
                                                                        String processor,
                                                                        String... arguments) throws Exception {
        String url = postgres.createDatabase(database);
        String identifier = UUID.randomUUID().toString();
        try (Connection otherNode = postgres.connect(url); Connection observer = postgres.connect(url)) {
            otherNode.createStatement().execute(schema());
            otherNode.setAutoCommit(false);
            insertIdentifier(otherNode, identifier);

            FutureTask<ServiceUnderTest> start = new FutureTask<>(() ->
                    service.withTokenStoreInPostgres(postgres, url).start(application, Stream.concat(Stream.of(
                            "--axon.axonserver.eventhandling.processors." + processor
                                    + ".load-balancing-strategy=threadNumber"), Stream.of(arguments))
                            .toArray(String[]::new)));
            new Thread(start, "service-start").start();
            awaitInsertWaitingOnTheOtherNode(observer, database, start);
            otherNode.commit();
            try {
                start.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (ExecutionException failed) {
                throw new AssertionError("the service did not start after another node created the identifier",
                        failed.getCause());
            }

            assertThat(service.context().getBean(TokenStore.class).retrieveStorageIdentifier()).hasValue(identifier);
            try (ResultSet rows = observer.createStatement()
                    .executeQuery("select count(*) from TokenEntry where processorName = '__config'")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(1);
            }
        }
        HttpResponse<String> health = service.get("/actuator/health");
        assertThat(health.body()).contains("\"db\":{\"status\":\"UP\"");
    }

    private static void insertIdentifier(Connection connection, String identifier) throws SQLException {
        SerializedObject<byte[]> token = JacksonSerializer.defaultSerializer()
                .serialize(new ConfigToken(Map.of("id", identifier)), byte[].class);
        try (PreparedStatement insert = connection.prepareStatement("insert into TokenEntry "
                + "(processorName, segment, token, tokenType, timestamp, owner) values ('__config', 0, ?, ?, ?, null)")) {
            insert.setBytes(1, token.getData());
            insert.setString(2, token.getType().getName());
            insert.setString(3, Instant.now().toString());
            insert.executeUpdate();
        }
    }

    /** Until a session of the service waits for a lock in this database: its insert of the identifier row. */
    private static void awaitInsertWaitingOnTheOtherNode(Connection observer, String database,
                                                         FutureTask<ServiceUnderTest> start) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (start.isDone()) {
                start.get();
                throw new AssertionError("the service started without asking the token store for its identifier");
            }
            try (PreparedStatement waiting = observer.prepareStatement("select count(*) from pg_stat_activity "
                    + "where datname = ? and wait_event_type = 'Lock' and query ilike 'insert into TokenEntry%'")) {
                waiting.setString(1, database);
                try (ResultSet rows = waiting.executeQuery()) {
                    if (rows.next() && rows.getInt(1) > 0) {
                        return;
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the service's insert of the identifier never waited on the other node's");
    }

    private static String schema() throws IOException {
        try (InputStream script = TokenStoreRace.class.getClassLoader().getResourceAsStream(SCHEMA)) {
            assertThat(script).as(SCHEMA).isNotNull();
            return new String(script.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
