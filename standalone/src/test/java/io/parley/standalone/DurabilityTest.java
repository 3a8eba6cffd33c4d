package io.parley.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.standalone.KillMidBurst.Ack;
import io.parley.standalone.ParleyClient.Response;
import io.parley.standalone.ParleyClient.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.stream.LongStream;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** "Stored" means stored: what a client was told is stored survives kill -9 at any moment. */
class DurabilityTest {

    private static final int SENDERS = 6;
    private static final int ACKS_BEFORE_KILL = 300;

    @Test
    void everyAcknowledgedMessageSurvivesKillMinus9ExactlyOnceInSeqOrder(@TempDir Path tmp) throws Exception {
        Path dataDir = tmp.resolve("data");
        Path log = Files.createDirectories(Path.of("target")).resolve("durability-test-parley.log");
        Map<String, Ack> acknowledged;
        String conversation;

        StandaloneProcess parley = StandaloneProcess.start(dataDir, log);
        assertThat(Files.getPosixFilePermissions(dataDir)).as("a new data directory is its owner's only")
                .isEqualTo(OwnerOnlyFiles.DIRECTORY);
        try {
            ParleyClient client = new ParleyClient(parley.port);
            Session alice = client.registerAndLogin("alice");
            Session bob = client.registerAndLogin("bob");
            conversation = client.post("/api/v1/conversations/direct", alice.accessToken(),
                    Map.of("peerUserId", bob.userId())).text("conversationId");

            acknowledged = KillMidBurst.sendAndKill(parley, client, conversation, List.of(alice, bob), SENDERS, "sender",
                    100_000, ACKS_BEFORE_KILL);
        } finally {
            parley.killHard();
        }
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(ACKS_BEFORE_KILL);

        long lastSeqAfterRestart;
        try (StandaloneProcess restarted = StandaloneProcess.start(dataDir, log)) {
            ParleyClient client = new ParleyClient(restarted.port);
            Session alice = client.login("alice", "phone");
            Session bob = client.login("bob", "phone");
            for (Map.Entry<String, Ack> ack : acknowledged.entrySet()) {
                Session sender = Integer.parseInt(ack.getKey().substring(6, ack.getKey().indexOf('-'))) % 2 == 0 ? alice : bob;
                Response resent = client.post("/api/v1/conversations/" + conversation + "/messages", sender.accessToken(),
                        Map.of("clientMessageId", ack.getKey(), "text", "retry"));
                assertThat(new Ack(resent.text("messageId"), resent.body().path("seq").asLong()))
                        .as("retry of %s after the crash answers the original", ack.getKey()).isEqualTo(ack.getValue());
            }
            Response next = client.post("/api/v1/conversations/" + conversation + "/messages", alice.accessToken(),
                    Map.of("clientMessageId", "after-restart", "text", "still here"));
            assertThat(next.status()).isEqualTo(201);
            lastSeqAfterRestart = next.body().path("seq").asLong();
        }

        assertThat(Files.getPosixFilePermissions(dataDir.resolve("eventstore/events.db")))
                .as("the event store, after a restart").isEqualTo(OwnerOnlyFiles.FILE);
        List<JsonNode> stored = storedMessages(dataDir, conversation);
        assertThat(stored).extracting(m -> m.path("seq").asLong())
                .as("seq is gapless from 1, in order, once each")
                .containsExactlyElementsOf(range(1, lastSeqAfterRestart));
        Map<String, Ack> storedByClientId = new HashMap<>();
        for (JsonNode message : stored) {
            Ack previous = storedByClientId.put(message.path("clientMessageId").asText(),
                    new Ack(message.path("messageId").asText(), message.path("seq").asLong()));
            assertThat(previous).as("clientMessageId %s stored once", message.path("clientMessageId")).isNull();
        }
        assertThat(storedByClientId).containsAllEntriesOf(acknowledged);
    }

    private static List<JsonNode> storedMessages(Path dataDir, String conversation) throws Exception {
        ObjectMapper json = new ObjectMapper();
        String url = "jdbc:sqlite:" + dataDir.toAbsolutePath().resolve("eventstore/events.db");
        List<JsonNode> messages = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(url);
             PreparedStatement query = db.prepareStatement("SELECT payload FROM domain_event_entry "
                     + "WHERE aggregate_identifier = ? AND payload_type = ? ORDER BY sequence_number")) {
            query.setString(1, conversation);
            query.setString(2, "io.parley.api.conversation.MessageSent");
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    messages.add(json.readTree(rows.getBytes(1)));
                }
            }
        }
        return messages;
    }

    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }
}
