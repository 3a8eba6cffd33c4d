package io.parley.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.standalone.ParleyClient.Response;
import io.parley.standalone.ParleyClient.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A data directory written by the build with the H2 event store (src/test/resources/upgrade, see its README) is taken
 * over at the first start: every event as it was, the tokens with them, the H2 file kept aside.
 */
class EventStoreUpgradeTest {

    private static final String CONVERSATION = "e3adb813-f31b-39c1-8516-4a8338b3ea9e";
    private static final String H2_EVENT_STORE = "h2-event-store-data-dir.zip";
    private static final String H2_READ_MODELS = "h2-read-models-data-dir.zip";
    private static final String EVENT_COLUMNS = "global_index, event_identifier, aggregate_identifier, sequence_number, "
            + "type, time_stamp, payload_type, payload_revision, payload, meta_data";

    @Test
    void aDataDirectoryWithTheH2EventStoreIsTakenOverWithEveryEventAsItWas(@TempDir Path tmp) throws Exception {
        Path original = unzipFixture(H2_EVENT_STORE, tmp.resolve("original"));
        Path dataDir = unzipFixture(H2_EVENT_STORE, tmp.resolve("data"));
        List<List<Object>> eventsBefore = rows("jdbc:h2:file:" + original.resolve("eventstore/parley")
                + ";ACCESS_MODE_DATA=r", "SELECT " + EVENT_COLUMNS + " FROM domain_event_entry ORDER BY global_index");
        List<List<Object>> tokensBefore = rows("jdbc:h2:file:" + original.resolve("eventstore/parley")
                + ";ACCESS_MODE_DATA=r", "SELECT processor_name, segment, token, token_type FROM token_entry "
                + "ORDER BY processor_name, segment");
        assertThat(eventsBefore).hasSize(9);
        Path log = Files.createDirectories(Path.of("target")).resolve("event-store-upgrade-test-parley.log");

        try (StandaloneProcess parley = StandaloneProcess.start(dataDir, log)) {
            ParleyClient client = new ParleyClient(parley.port);
            Session alice = client.login("alice", "phone");
            String messages = "/api/v1/conversations/" + CONVERSATION + "/messages";

            JsonNode history = QueryFlowTest.await(() -> client.get(messages, alice.accessToken()).body(),
                    body -> body.path("messages").size() == 3);
            assertThat(history.path("messages")).extracting(m -> m.path("text").asText())
                    .as("the history written before the upgrade")
                    .containsExactly("old message 1", "old message 2", "old message 3");
            assertThat(history.path("messages").get(1).path("sentAt").asText()).isEqualTo("2026-12-07T00:49:43.533Z");

            Response retry = client.post(messages, alice.accessToken(),
                    Map.of("clientMessageId", "old-2", "text", "old message 2"));
            assertThat(retry.body().path("seq").asLong()).as("a retry of a message sent before the upgrade").isEqualTo(2);
            assertThat(retry.text("messageId")).isEqualTo("7fc76d18-447d-3320-9084-98b40eae13c2");

            Response next = client.post(messages, alice.accessToken(), Map.of("clientMessageId", "new-1", "text", "new"));
            assertThat(next.status()).isEqualTo(201);
            assertThat(next.body().path("seq").asLong()).as("the conversation's seq goes on").isEqualTo(4);
            QueryFlowTest.await(() -> client.get(messages, alice.accessToken()).body().path("messages").size(),
                    size -> size == 4);
            assertThat(QueryFlowTest.await(() -> Files.exists(dataDir.resolve("readmodels/readmodels.mv")),
                    exists -> !exists)).as("the H2 read models, rebuilt into SQLite, deleted").isFalse();
        }

        Path eventStore = dataDir.resolve("eventstore");
        assertThat(eventStore.resolve("parley.mv.db")).doesNotExist();
        assertThat(eventStore.resolve("parley.mv.db.before-sqlite")).as("the H2 file, kept aside")
                .hasSameBinaryContentAs(original.resolve("eventstore/parley.mv.db"));
        String sqlite = "jdbc:sqlite:" + eventStore.resolve("events.db");
        List<List<Object>> eventsAfter = rows(sqlite, "SELECT " + EVENT_COLUMNS + " FROM domain_event_entry "
                + "ORDER BY global_index");
        assertThat(eventsAfter.subList(0, 9)).as("global index, ids, sequence numbers, timestamps, bytes")
                .containsExactlyElementsOf(eventsBefore);
        assertThat(eventsAfter).extracting(row -> row.get(0)).as("new events continue the global index without a gap")
                .containsExactlyElementsOf(LongStream.rangeClosed(1, eventsAfter.size()).boxed().toList());
        List<List<Object>> tokensAfter = rows("jdbc:sqlite:" + eventStore.resolve("tokens.db"),
                "SELECT processor_name, segment, token, token_type FROM token_entry ORDER BY processor_name, segment");
        assertThat(tokensAfter).extracting(row -> row.get(0)).as("every processor's token came over")
                .containsAll(tokensBefore.stream().map(row -> row.get(0)).toList());
    }

    /**
     * The build with H2 read models (its event store already SQLite): the read models are projected again from the
     * events into SQLite, the H2 file deleted once they are; the events are not touched.
     */
    @Test
    void aDataDirectoryWithTheH2ReadModelsIsTakenOverByProjectingEveryEventAgain(@TempDir Path tmp) throws Exception {
        Path original = unzipFixture(H2_READ_MODELS, tmp.resolve("original"));
        Path dataDir = unzipFixture(H2_READ_MODELS, tmp.resolve("data"));
        String eventsBefore = "SELECT " + EVENT_COLUMNS + " FROM domain_event_entry ORDER BY global_index";
        List<List<Object>> events = rows("jdbc:sqlite:" + original.resolve("eventstore/events.db"), eventsBefore);
        Path log = Files.createDirectories(Path.of("target")).resolve("read-model-upgrade-test-parley.log");
        Files.deleteIfExists(log);
        List<String> texts = List.of("old message 1", "old message 2", "old message 3", "old message 4",
                "old message 5", "reply from bob");

        try (StandaloneProcess parley = StandaloneProcess.start(dataDir, log)) {
            ParleyClient client = new ParleyClient(parley.port);
            Session alice = client.login("alice", "phone");
            Session bob = client.login("bob", "laptop");
            String messages = "/api/v1/conversations/" + CONVERSATION + "/messages";
            for (Session reader : List.of(alice, bob)) {
                JsonNode history = QueryFlowTest.await(() -> client.get(messages, reader.accessToken()).body(),
                        body -> body.path("messages").size() == texts.size());
                assertThat(history.path("messages")).extracting(m -> m.path("text").asText())
                        .as("the history written before the upgrade").containsExactlyElementsOf(texts);
            }
            JsonNode listed = QueryFlowTest.await(() -> client.get("/api/v1/conversations", bob.accessToken()).body(),
                    body -> body.path("conversations").size() == 1);
            assertThat(listed.path("conversations").get(0).path("lastSeq").asLong()).isEqualTo(6);
            assertThat(QueryFlowTest.await(() -> Files.exists(dataDir.resolve("readmodels/readmodels.mv")),
                    exists -> !exists)).as("the H2 read models, deleted once rebuilt").isFalse();

            Response retry = client.post(messages, alice.accessToken(),
                    Map.of("clientMessageId", "old-2", "text", "old message 2"));
            assertThat(retry.body().path("seq").asLong()).as("a retry of a message sent before the upgrade").isEqualTo(2);
            Response next = client.post(messages, bob.accessToken(), Map.of("clientMessageId", "new-1", "text", "new"));
            assertThat(next.body().path("seq").asLong()).as("the conversation's seq goes on").isEqualTo(7);
            QueryFlowTest.await(() -> client.get(messages, alice.accessToken()).body().path("messages").size(),
                    size -> size == 7);
        }

        assertThat(rows("jdbc:sqlite:" + dataDir.resolve("eventstore/events.db"), eventsBefore).subList(0, events.size()))
                .as("the events, untouched").containsExactlyElementsOf(events);
        assertThat(dataDir.resolve("readmodels/readmodels.db")).exists();
        String logged = Files.readString(log);
        assertThat(logged).contains("Read models of an earlier build found").contains("Read models rebuilt in");
    }

    private static Path unzipFixture(String fixture, Path into) throws IOException {
        Files.createDirectories(into);
        try (InputStream zip = EventStoreUpgradeTest.class.getResourceAsStream("/upgrade/" + fixture);
             ZipInputStream entries = new ZipInputStream(zip)) {
            for (ZipEntry entry; (entry = entries.getNextEntry()) != null; ) {
                Path target = into.resolve(entry.getName()).normalize();
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(entries, target);
                }
            }
        }
        return into.toAbsolutePath();
    }

    /** Every row, each column as a comparable value (numbers as long, bytes as a list). */
    private static List<List<Object>> rows(String url, String query) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(url, "sa", "");
             Statement statement = db.createStatement();
             ResultSet result = statement.executeQuery(query)) {
            ResultSetMetaData columns = result.getMetaData();
            while (result.next()) {
                List<Object> row = new ArrayList<>();
                for (int column = 1; column <= columns.getColumnCount(); column++) {
                    Object value = result.getObject(column);
                    row.add(value instanceof Number number ? (Object) number.longValue()
                            : value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8)
                            : value);
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
