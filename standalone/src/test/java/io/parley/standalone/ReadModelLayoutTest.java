package io.parley.standalone;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.parley.standalone.ParleyClient.Session;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A conversations read model written in an earlier layout (messages and sync-feed entries in other buckets) is
 * rebuilt from the event store when this version starts on it, before anything is read from it; so is an analytics
 * read model of an earlier layout (one document per message instead of blocks of seqs).
 */
class ReadModelLayoutTest {

    private static final int MESSAGES = 20;

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
        ReadModelFiles.withDatabase(dataDir.resolve("readmodels/readmodels.db"), db -> {
            assertThat(layoutVersion(db, "conversations")).as("the layout the first start wrote in").isEqualTo(3);
            assertThat(layoutVersion(db, "analytics")).as("the analytics layout the first start wrote in").isEqualTo(2);
            // what an earlier version leaves: no layout recorded, documents laid out its way
            db.getCollection("readModelLayouts").drop();
            db.getCollection("messages").insertOne(new Document("_id", earlierLayoutDocument)
                    .append("conversationId", conversation).append("m", new Document("1", new Document("seq", 1L))));
            db.getCollection("analyticsMessages").insertOne(new Document("_id", conversation + ":1")
                    .append("seq", 1L).append("sender", "someone").append("sentAt", 0L));
        });

        try (StandaloneProcess restarted = StandaloneProcess.start(dataDir, log)) {
            ParleyClient client = new ParleyClient(restarted.port);
            assertThat(awaitHistory(client, client.login("bob", "laptop"), conversation)).isEqualTo(expectedTexts());
        }
        assertThat(Files.readString(log)).contains("The conversations read model is in layout 1, this version writes layout 3")
                .contains("The analytics read model is in layout 1, this version writes layout 2");

        ReadModelFiles.withDatabase(dataDir.resolve("readmodels/readmodels.db"), db -> {
            assertThat(db.getCollection("messages").find(Filters.eq("_id", earlierLayoutDocument)).first())
                    .as("a document of the earlier layout").isNull();
            assertThat(layoutVersion(db, "conversations")).as("the layout recorded after the rebuild").isEqualTo(3);
            assertThat(db.getCollection("analyticsMessages").find(Filters.exists("seq")).first())
                    .as("an analytics document of the earlier layout").isNull();
            assertThat(layoutVersion(db, "analytics")).as("the analytics layout after the rebuild").isEqualTo(2);
        });
    }

    private static List<String> expectedTexts() {
        return LongStream.rangeClosed(1, MESSAGES).mapToObj(i -> "text " + i).toList();
    }

    /** The texts of the conversation's history, once it holds every message sent. */
    private static List<String> awaitHistory(ParleyClient client, Session reader, String conversation) {
        return QueryFlowTest.await(() -> {
            List<String> texts = new ArrayList<>();
            client.get("/api/v1/conversations/" + conversation + "/messages?limit=100", reader.accessToken()).body()
                    .path("messages").forEach(message -> texts.add(message.path("text").asText()));
            return texts;
        }, texts -> texts.size() >= MESSAGES);
    }

    private static Integer layoutVersion(MongoDatabase db, String processingGroup) {
        Document layout = db.getCollection("readModelLayouts").find(Filters.eq("_id", processingGroup)).first();
        return layout == null ? null : layout.getInteger("version");
    }
}
