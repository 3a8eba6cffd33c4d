package io.parley.standalone.readmodels;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The read-model store with its unique indexes in key order, over the MongoDB wire protocol, on an H2 file. */
class OrderedIndexStoreTest {

    @TempDir
    Path dir;

    @Test
    void documentsAreFoundByIdAndByIdListAndIdsStayUnique() {
        Path file = dir.resolve("readmodels.mv");
        withCollection(new JournalingH2Backend(file.toString()), docs -> {
            List<Document> many = IntStream.range(0, 3000).mapToObj(i -> new Document("_id", "c" + i + ":u").append("n", i)).toList();
            docs.insertMany(new ArrayList<>(many));
            assertThat(docs.find(Filters.eq("_id", "c1234:u")).first()).containsEntry("n", 1234);
            assertThat(docs.find(Filters.in("_id", List.of("c7:u", "c2999:u", "missing"))).into(new ArrayList<>()))
                    .extracting(doc -> doc.get("n")).containsExactlyInAnyOrder(7, 2999);
            docs.replaceOne(Filters.eq("_id", "c7:u"), new Document("_id", "c7:u").append("n", -7), new ReplaceOptions().upsert(true));
            assertThat(docs.countDocuments()).isEqualTo(3000);
            assertThat(docs.find(Filters.eq("_id", "c7:u")).first()).containsEntry("n", -7);
            assertThatThrownBy(() -> docs.insertOne(new Document("_id", "c42:u"))).isInstanceOf(MongoWriteException.class);
        });
        withCollection(new JournalingH2Backend(file.toString()), docs -> {
            assertThat(docs.countDocuments()).isEqualTo(3000);
            assertThat(docs.find(Filters.eq("_id", "c2500:u")).first()).containsEntry("n", 2500);
            assertThatThrownBy(() -> docs.insertOne(new Document("_id", "c2500:u"))).isInstanceOf(MongoWriteException.class);
        });
    }

    @Test
    void aStoreWrittenWithTheEarlierIndexLayoutIsTakenOver() {
        Path file = dir.resolve("readmodels.mv");
        withCollection(new H2Backend(file.toString()), docs -> docs.insertMany(new ArrayList<>(IntStream.range(0, 500)
                .mapToObj(i -> new Document("_id", "m" + i).append("n", i)).toList())));
        withCollection(new JournalingH2Backend(file.toString()), docs -> {
            assertThat(docs.countDocuments()).isEqualTo(500);
            assertThat(docs.find(Filters.eq("_id", "m321")).first()).containsEntry("n", 321);
            assertThatThrownBy(() -> docs.insertOne(new Document("_id", "m321"))).isInstanceOf(MongoWriteException.class);
            docs.insertOne(new Document("_id", "m500").append("n", 500));
        });
        withCollection(new JournalingH2Backend(file.toString()), docs -> {
            assertThat(docs.countDocuments()).isEqualTo(501);
            assertThat(docs.find(Filters.eq("_id", "m500")).first()).containsEntry("n", 500);
        });
    }

    private static void withCollection(MongoBackend backend, Consumer<MongoCollection<Document>> work) {
        MongoServer server = new MongoServer(backend);
        InetSocketAddress address = server.bind();
        try (MongoClient client = MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort())) {
            work.accept(client.getDatabase("parley").getCollection("docs"));
        } finally {
            server.shutdown();
        }
    }
}
