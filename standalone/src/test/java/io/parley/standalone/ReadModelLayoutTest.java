package io.parley.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import de.bwaldvogel.mongo.MongoServer;
import io.parley.standalone.ParleyClient.Session;
import io.parley.standalone.readmodels.JournalingH2Backend;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A conversations read model written in an earlier layout (messages and sync-feed entries in other buckets) is
 * rebuilt from the event store when this version starts on it, before anything is read from it.
 */
class ReadModelLayoutTest {

    private static final int MESSAGES = 20;
    private static final Duration CATCH_UP = Duration.ofSeconds(45);

    @Test
    void aReadModelOfAnEarlierLayoutIsDroppedAndRebuiltFromTheEventsAtStartUp(@TempDir Path tmp) throws Exception {
        Path dataDir = tmp.resolve("data");
        Path log = Files.createDirectories(Path.of("target")).resolve("read-model-layout-test-parley.log");
        Files.deleteIfExists(log);
        String conversation;
        try (StandaloneProcess parley = StandaloneProcess.start(dataDir, log)) {
            ParleyClient client = new ParleyClient(parley.port);
            Session alice = client.registerAndLogin("alice");
            client.registerAndLogin("bob");
            conversation = client.post("/api/v1/conversations/direct", alice.accessToken(),
                    Map.of("peerUserId", client.login("bob", "phone").userId())).text("conversationId");
            for (int i = 1; i <= MESSAGES; i++) {
                assertThat(client.post("/api/v1/conversations/" + conversation + "/messages", alice.accessToken(),
                        Map.of("clientMessageId", "c-" + i, "text", "text " + i)).status()).isEqualTo(201);
            }
            assertThat(awaitHistory(client, alice, conversation)).isEqualTo(expectedTexts());
        }

        String earlierLayoutDocument = conversation + ":earlier-layout";
        withReadModels(dataDir, db -> {
            assertThat(layoutVersion(db)).as("the layout the first start wrote in").isEqualTo(2);
            // what an earlier version leaves: no layout recorded, documents laid out its way
            db.getCollection("readModelLayouts").drop();
            db.getCollection("messages").insertOne(new Document("_id", earlierLayoutDocument)
                    .append("conversationId", conversation).append("m", new Document("1", new Document("seq", 1L))));
        });

        try (StandaloneProcess restarted = StandaloneProcess.start(dataDir, log)) {
            ParleyClient client = new ParleyClient(restarted.port);
            assertThat(awaitHistory(client, client.login("bob", "laptop"), conversation)).isEqualTo(expectedTexts());
        }
        assertThat(Files.readString(log)).contains("The conversations read model is in layout 1, this version writes layout 2");

        withReadModels(dataDir, db -> {
            assertThat(db.getCollection("messages").find(Filters.eq("_id", earlierLayoutDocument)).first())
                    .as("a document of the earlier layout").isNull();
            assertThat(layoutVersion(db)).as("the layout recorded after the rebuild").isEqualTo(2);
        });
    }

    private static List<String> expectedTexts() {
        return LongStream.rangeClosed(1, MESSAGES).mapToObj(i -> "text " + i).toList();
    }

    /** The conversation's history, once it holds every message sent. */
    private static List<String> awaitHistory(ParleyClient client, Session reader, String conversation)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(CATCH_UP);
        while (true) {
            List<String> texts = new ArrayList<>();
            JsonNode body = client.get("/api/v1/conversations/" + conversation + "/messages?limit=100",
                    reader.accessToken()).body();
            body.path("messages").forEach(message -> texts.add(message.path("text").asText()));
            if (texts.size() >= MESSAGES || Instant.now().isAfter(deadline)) {
                return texts;
            }
            Thread.sleep(100);
        }
    }

    private static Integer layoutVersion(MongoDatabase db) {
        Document layout = db.getCollection("readModelLayouts").find(Filters.eq("_id", "conversations")).first();
        return layout == null ? null : layout.getInteger("version");
    }

    /** The read-model store of a stopped app, through the MongoDB protocol as the app reads it. */
    private static void withReadModels(Path dataDir, Consumer<MongoDatabase> use) {
        MongoServer server = new MongoServer(new JournalingH2Backend(
                dataDir.resolve("readmodels/readmodels.mv").toString()));
        try {
            InetSocketAddress address = server.bind();
            try (MongoClient mongo = MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort())) {
                use.accept(mongo.getDatabase("parley"));
            }
        } finally {
            server.shutdown();
        }
    }
}
