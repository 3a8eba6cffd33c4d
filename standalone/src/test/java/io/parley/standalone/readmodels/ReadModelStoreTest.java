package io.parley.standalone.readmodels;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.parley.standalone.ReadModelFiles;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The read-model store (BSON documents in SQLite tables, unique keys in tables of their canonical encoding) over the
 * MongoDB wire protocol, as the application reaches it.
 */
class ReadModelStoreTest {

    @TempDir
    Path dir;

    @Test
    void documentsAreFoundByIdAndByIdListAndIdsStayUnique() {
        Path file = dir.resolve("readmodels.db");
        withCollection(file, docs -> {
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
        withCollection(file, docs -> {
            assertThat(docs.countDocuments()).isEqualTo(3000);
            assertThat(docs.find(Filters.eq("_id", "c2500:u")).first()).containsEntry("n", 2500);
            assertThatThrownBy(() -> docs.insertOne(new Document("_id", "c2500:u"))).isInstanceOf(MongoWriteException.class);
        });
    }

    @Test
    void documentsOfEveryValueTypeReadBackAsWrittenAfterReopening() {
        Path file = dir.resolve("readmodels.db");
        Document nested = new Document("seq", 7L).append("at", new Date(1_700_000_000_123L)).append("none", null);
        Document written = new Document("_id", "every-type").append("text", "grüße \u0000-free ✓").append("int", 42)
                .append("long", 1L << 40).append("double", 2.5).append("yes", true).append("nested", nested)
                .append("list", List.of(nested, "x", 3)).append("bits", new Binary(new byte[]{0, 1, (byte) 255}))
                .append("objectId", new ObjectId("65f0a1b2c3d4e5f607182930")).append("decimal", Decimal128.parse("1.10"));
        withCollection(file, docs -> {
            docs.createIndex(Indexes.ascending("int", "objectId", "nested"), new IndexOptions().unique(true).sparse(true));
            docs.insertOne(written);
            docs.insertMany(new ArrayList<>(IntStream.range(0, 2000)
                    .mapToObj(i -> new Document("_id", "filler" + i).append("text", "x".repeat(i % 300))).toList()));
        });
        withCollection(file, docs -> {
            assertThat(docs.find(Filters.eq("_id", "every-type")).first()).isEqualTo(written);
            Document sameKey = new Document("_id", "other").append("int", 42L).append("objectId", written.get("objectId"))
                    .append("nested", nested);
            assertThatThrownBy(() -> docs.insertOne(sameKey)).as("42L is the key 42 of the compound index")
                    .isInstanceOf(MongoWriteException.class);
            docs.insertOne(sameKey.append("int", 43));
            assertThat(docs.find(Filters.eq("_id", "filler1999")).first()).containsEntry("text", "x".repeat(1999 % 300));
            assertThat(docs.countDocuments()).isEqualTo(2002);
        });
    }

    @Test
    void idsAreEqualAsMongoDbComparesThemNumbersOfEveryTypeAsOneAndAStringApart() {
        Path file = dir.resolve("readmodels.db");
        ObjectId objectId = new ObjectId("65f0a1b2c3d4e5f607182930");
        withCollection(file, docs -> {
            docs.insertMany(new ArrayList<>(List.of(new Document("_id", 1).append("n", "int"),
                    new Document("_id", "1").append("n", "string"), new Document("_id", objectId).append("n", "objectId"),
                    new Document("_id", new Document("a", 1)).append("n", "document"))));
            assertThatThrownBy(() -> docs.insertOne(new Document("_id", 1L))).isInstanceOf(MongoWriteException.class);
            assertThatThrownBy(() -> docs.insertOne(new Document("_id", 1.0))).isInstanceOf(MongoWriteException.class);
            assertThatThrownBy(() -> docs.insertOne(new Document("_id", "1"))).isInstanceOf(MongoWriteException.class);
            assertThatThrownBy(() -> docs.insertOne(new Document("_id", new Document("a", 1L))))
                    .isInstanceOf(MongoWriteException.class);
            docs.deleteOne(Filters.eq("_id", "1"));
            assertThat(docs.find(Filters.eq("_id", 1L)).first()).containsEntry("n", "int");
            assertThat(docs.find(Filters.eq("_id", "1")).first()).isNull();
            docs.insertOne(new Document("_id", "1").append("n", "string again"));
        });
        withCollection(file, docs -> {
            assertThat(docs.countDocuments()).isEqualTo(4);
            assertThat(docs.find(Filters.eq("_id", 1.0)).first()).containsEntry("n", "int");
            assertThat(docs.find(Filters.eq("_id", "1")).first()).containsEntry("n", "string again");
            assertThat(docs.find(Filters.eq("_id", objectId)).first()).containsEntry("n", "objectId");
            assertThat(docs.find(Filters.eq("_id", new Document("a", 1.0))).first()).containsEntry("n", "document");
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
        withCollection(dir.resolve("readmodels.db"), docs -> {
            docs.insertMany(new ArrayList<>(List.of(new Document("_id", "alice:0"), new Document("_id", "alice:1"),
                    new Document("_id", "bob:0"), new Document("_id", 7))));
            assertThat(docs.find(Filters.regex("_id", "^alice:")).into(new ArrayList<>()))
                    .extracting(doc -> doc.get("_id")).containsExactlyInAnyOrder("alice:0", "alice:1");
        });
    }

    /** As the application's first start does: a reset drops collections that are not there, then upserts. */
    @Test
    void aFirstCommandThatFailsStillOpensTheDatabaseAndAnUpsertCreatesItsCollection() {
        ReadModelFiles.withDatabase(new ReadModelBackend(dir.resolve("readmodels.db")), db -> {
            db.getCollection("never").drop();
            assertThat(db.getCollection("docs").find(Filters.eq("_id", "x")).first()).isNull();
            MongoCollection<Document> docs = db.getCollection("docs");
            docs.replaceOne(Filters.eq("_id", "conversations"), new Document("_id", "conversations").append("version", 2),
                    new ReplaceOptions().upsert(true));
            docs.updateOne(Filters.eq("_id", "other"), Updates.max("at", 5), new UpdateOptions().upsert(true));
            assertThat(docs.find().into(new ArrayList<>())).hasSize(2);
        });
        withCollection(dir.resolve("readmodels.db"), docs -> assertThat(docs.countDocuments()).isEqualTo(2));
    }

    @Test
    void anOrderedBulkInsertKeepsTheDocumentsBeforeADuplicateAsMongoDbDoes() {
        Path file = dir.resolve("readmodels.db");
        withCollection(file, docs -> {
            docs.insertOne(new Document("_id", "b"));
            assertThatThrownBy(() -> docs.insertMany(new ArrayList<>(List.of(new Document("_id", "a"),
                    new Document("_id", "b"), new Document("_id", "c"))))).isInstanceOf(MongoBulkWriteException.class);
        });
        withCollection(file, docs -> assertThat(docs.find().into(new ArrayList<>())).extracting(doc -> doc.get("_id"))
                .containsExactlyInAnyOrder("a", "b"));
    }

    @Test
    void aDroppedCollectionComesBackEmptyWithItsIdsFree() {
        withCollection(dir.resolve("readmodels.db"), docs -> {
            docs.insertMany(new ArrayList<>(List.of(new Document("_id", "x"), new Document("_id", "y"))));
            docs.drop();
            assertThat(docs.find(Filters.eq("_id", "x")).first()).isNull();
            docs.insertOne(new Document("_id", "x").append("again", true));
            assertThat(docs.find().into(new ArrayList<>())).extracting(doc -> doc.get("again")).containsExactly(true);
        });
    }

    @Test
    void documentsRewrittenOverAndOverReuseTheSpaceTheyFreed() throws Exception {
        Path file = dir.resolve("readmodels.db");
        String bigText = "x".repeat(2000);
        withCollection(file, docs -> {
            for (int round = 0; round < 10; round++) {
                int r = round;
                docs.bulkWrite(IntStream.range(0, 500).mapToObj(i -> new UpdateOneModel<Document>(
                        Filters.eq("_id", "doc" + i), Updates.set("text", bigText + r),
                        new UpdateOptions().upsert(true))).toList());
            }
        });
        long afterTenRounds = Files.size(file);
        withCollection(file, docs -> {
            for (int round = 0; round < 30; round++) {
                int r = round;
                docs.bulkWrite(IntStream.range(0, 500).mapToObj(i -> new UpdateOneModel<Document>(
                        Filters.eq("_id", "doc" + i), Updates.set("text", bigText + r),
                        new UpdateOptions().upsert(true))).toList());
            }
            assertThat(docs.countDocuments()).isEqualTo(500);
        });
        assertThat(Files.size(file)).as("the file after 30 more rounds of rewriting every document")
                .isLessThanOrEqualTo(afterTenRounds + 64 * 1024);
        assertThat(afterTenRounds).as("500 documents of 2 KB, once").isLessThan(2 * 500 * 2100);
    }

    private static void withCollection(Path file, Consumer<MongoCollection<Document>> work) {
        ReadModelFiles.withDatabase(new ReadModelBackend(file), db -> work.accept(db.getCollection("docs")));
    }
}
