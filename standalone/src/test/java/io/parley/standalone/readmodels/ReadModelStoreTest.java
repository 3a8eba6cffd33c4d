package io.parley.standalone.readmodels;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.parley.standalone.ReadModelFiles;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The read-model store (BSON documents, string ids indexed by the documents map, other unique keys in key order) over
 * the MongoDB wire protocol, on an H2 file.
 */
class ReadModelStoreTest {

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
    void documentsOfEveryValueTypeReadBackAsWrittenAfterReopening() {
        Path file = dir.resolve("readmodels.mv");
        Document nested = new Document("seq", 7L).append("at", new Date(1_700_000_000_123L)).append("none", null);
        Document written = new Document("_id", "every-type").append("text", "grüße \u0000-free ✓").append("int", 42)
                .append("long", 1L << 40).append("double", 2.5).append("yes", true).append("nested", nested)
                .append("list", List.of(nested, "x", 3)).append("bits", new Binary(new byte[]{0, 1, (byte) 255}))
                .append("objectId", new ObjectId("65f0a1b2c3d4e5f607182930")).append("decimal", Decimal128.parse("1.10"));
        withCollection(new JournalingH2Backend(file.toString()), docs -> {
            docs.createIndex(Indexes.ascending("int", "objectId", "nested"), new IndexOptions().unique(true).sparse(true));
            docs.insertOne(written);
            docs.insertMany(new ArrayList<>(IntStream.range(0, 2000)
                    .mapToObj(i -> new Document("_id", "filler" + i).append("text", "x".repeat(i % 300))).toList()));
        });
        withCollection(new JournalingH2Backend(file.toString()), docs -> {
            assertThat(docs.find(Filters.eq("_id", "every-type")).first()).isEqualTo(written);
            Document sameKey = new Document("_id", "other").append("int", 42).append("objectId", written.get("objectId"))
                    .append("nested", nested);
            assertThatThrownBy(() -> docs.insertOne(sameKey)).isInstanceOf(MongoWriteException.class);
            docs.insertOne(sameKey.append("int", 43));
            assertThat(docs.find(Filters.eq("_id", "filler1999")).first()).containsEntry("text", "x".repeat(1999 % 300));
            assertThat(docs.countDocuments()).isEqualTo(2002);
        });
    }

    @Test
    void aStoreWrittenInTheLibrarysOwnLayoutIsTakenOver() {
        Path file = dir.resolve("readmodels.mv");
        withCollection(new H2Backend(file.toString()), docs -> docs.insertMany(new ArrayList<>(IntStream.range(0, 500)
                .mapToObj(i -> new Document("_id", "m" + i).append("n", i)).toList())));
        withCollection(new JournalingH2Backend(file.toString()), docs -> {
            assertThat(docs.countDocuments()).isEqualTo(500);
            assertThat(docs.find(Filters.eq("_id", "m321")).first()).containsEntry("n", 321);
            assertThatThrownBy(() -> docs.insertOne(new Document("_id", "m321"))).isInstanceOf(MongoWriteException.class);
            docs.insertOne(new Document("_id", "m500").append("n", 500));
            docs.replaceOne(Filters.eq("_id", "m7"), new Document("_id", "m7").append("n", 7).append("again", true));
        });
        withCollection(new JournalingH2Backend(file.toString()), docs -> {
            assertThat(docs.find().into(new ArrayList<>())).extracting(doc -> doc.getInteger("n"))
                    .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(0, 500).boxed().toList());
            assertThat(docs.find(Filters.eq("_id", "m7")).first()).containsEntry("again", true);
        });
    }

    @Test
    void idsOfOtherTypesStayUniqueBesideStringIdsAndAcrossReopening() {
        Path file = dir.resolve("readmodels.mv");
        ObjectId objectId = new ObjectId("65f0a1b2c3d4e5f607182930");
        withCollection(new JournalingH2Backend(file.toString()), docs -> {
            docs.insertMany(new ArrayList<>(List.of(new Document("_id", 1).append("n", "int"),
                    new Document("_id", "1").append("n", "string"), new Document("_id", objectId).append("n", "objectId"),
                    new Document("_id", new Document("a", 1)).append("n", "document"))));
            assertThatThrownBy(() -> docs.insertOne(new Document("_id", 1L))).isInstanceOf(MongoWriteException.class);
            assertThatThrownBy(() -> docs.insertOne(new Document("_id", "1"))).isInstanceOf(MongoWriteException.class);
            docs.deleteOne(Filters.eq("_id", "1"));
            assertThat(docs.find(Filters.eq("_id", 1L)).first()).containsEntry("n", "int");
            assertThat(docs.find(Filters.eq("_id", "1")).first()).isNull();
            docs.insertOne(new Document("_id", "1").append("n", "string again"));
        });
        withCollection(new JournalingH2Backend(file.toString()), docs -> {
            assertThat(docs.countDocuments()).isEqualTo(4);
            assertThat(docs.find(Filters.eq("_id", 1.0)).first()).containsEntry("n", "int");
            assertThat(docs.find(Filters.eq("_id", "1")).first()).containsEntry("n", "string again");
            assertThat(docs.find(Filters.eq("_id", objectId)).first()).containsEntry("n", "objectId");
            assertThat(docs.find(Filters.eq("_id", new Document("a", 1))).first()).containsEntry("n", "document");
            assertThat(docs.find(Filters.in("_id", List.of(1, "1", "2"))).into(new ArrayList<>()))
                    .extracting(doc -> doc.get("n")).containsExactlyInAnyOrder("int", "string again");
            assertThatThrownBy(() -> docs.insertOne(new Document("_id", 1L))).isInstanceOf(MongoWriteException.class);
            assertThatThrownBy(() -> docs.insertOne(new Document("_id", objectId))).isInstanceOf(MongoWriteException.class);
            docs.deleteOne(Filters.eq("_id", 1));
            docs.insertOne(new Document("_id", 1L).append("n", "long"));
            assertThat(docs.find(Filters.eq("_id", 1)).first()).containsEntry("n", "long");
        });
    }

    @Test
    void aRegularExpressionOnTheIdFindsTheStringIdsItMatches() {
        withCollection(new JournalingH2Backend(dir.resolve("readmodels.mv").toString()), docs -> {
            docs.insertMany(new ArrayList<>(List.of(new Document("_id", "alice:0"), new Document("_id", "alice:1"),
                    new Document("_id", "bob:0"), new Document("_id", 7))));
            assertThat(docs.find(Filters.regex("_id", "^alice:")).into(new ArrayList<>()))
                    .extracting(doc -> doc.get("_id")).containsExactlyInAnyOrder("alice:0", "alice:1");
        });
    }

    @Test
    void anIdIndexMapOfTheEarlierLayoutIsTakenOverKeepingOnlyIdsThatAreNotStrings() {
        Path file = dir.resolve("readmodels.mv");
        withCollection(new JournalingH2Backend(file.toString()), docs -> docs.insertMany(new ArrayList<>(List.of(
                new Document("_id", "s1"), new Document("_id", "s2"), new Document("_id", 5)))));
        MVStore raw = new MVStore.Builder().fileName(file.toString()).open();
        String otherIds = idIndexMap(raw, ".otherIds");
        MVMap<KeyValue, Object> earlier = raw.openMap(otherIds.replace(".otherIds", ".ordered"), keyValueMap());
        List.of("s1", "s2").forEach(id -> earlier.put(new KeyValue(id), id));
        raw.openMap(otherIds, keyValueMap()).forEach(earlier::put);
        raw.removeMap(otherIds);
        raw.close();

        withCollection(new JournalingH2Backend(file.toString()), docs -> {
            assertThat(docs.find(Filters.in("_id", List.of("s1", 5))).into(new ArrayList<>())).hasSize(2);
            assertThatThrownBy(() -> docs.insertOne(new Document("_id", 5.0))).isInstanceOf(MongoWriteException.class);
            assertThatThrownBy(() -> docs.insertOne(new Document("_id", "s2"))).isInstanceOf(MongoWriteException.class);
            docs.deleteOne(Filters.eq("_id", "s1"));
            docs.insertOne(new Document("_id", "s1"));
        });
        MVStore after = new MVStore.Builder().fileName(file.toString()).open();
        assertThat(after.getMapNames()).noneMatch(name -> name.endsWith("._index__id_.ordered"));
        assertThat(after.openMap(idIndexMap(after, ".otherIds"), keyValueMap()).keyList())
                .containsExactly(new KeyValue(5).normalized());
        after.close();
    }

    private static String idIndexMap(MVStore store, String suffix) {
        return store.getMapNames().stream().filter(name -> name.endsWith("._index__id_" + suffix)).findFirst().orElseThrow();
    }

    private static MVMap.Builder<KeyValue, Object> keyValueMap() {
        return new MVMap.Builder<KeyValue, Object>().keyType(new KeyValueOrder());
    }

    private static void withCollection(MongoBackend backend, Consumer<MongoCollection<Document>> work) {
        ReadModelFiles.withDatabase(backend, db -> work.accept(db.getCollection("docs")));
    }
}
