package io.parley.query.projection;

import io.parley.query.EventFeed;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.annotation.Id;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The batch's typed documents: read once, changed in memory, written once per batch, as records map them. */
class StagedRecordsTest {

    private static final String COUNTERS = "counters";

    record Counter(@Id String id, long value, String label, List<String> tags) {
    }

    private final EventFeed feed = new EventFeed();

    @AfterEach
    void close() {
        feed.close();
    }

    @Test
    void manyChangesToOneDocumentInABatchAreOneWriteOfItsFinalState() {
        StagedRecords<Counter> counters = staged();
        for (long value = 1; value <= 100; value++) {
            Counter current = counters.get("c1");
            List<String> tags = current == null ? new ArrayList<>() : new ArrayList<>(current.tags());
            tags.add("t" + value);
            counters.put(new Counter("c1", value, null, tags));
        }
        flush(counters);

        assertThat(feed.writesTo(COUNTERS)).isEqualTo(1);
        Document stored = feed.mongo.getDb().getCollection(COUNTERS).find().first();
        assertThat(stored.getString("_id")).isEqualTo("c1");
        assertThat(stored.getLong("value")).isEqualTo(100L);
        assertThat(stored.getList("tags", String.class)).hasSize(100).startsWith("t1", "t2").endsWith("t100");
        assertThat(stored).as("no type hint, no null fields").doesNotContainKeys("_class", "label");
    }

    @Test
    void aDocumentIsReadOnceAndThenChangedOnlyInTheBatch() {
        feed.mongo.getDb().getCollection(COUNTERS).insertMany(List.of(
                new Document("_id", "a").append("value", 1L).append("label", "first"),
                new Document("_id", "b").append("value", 2).append("tags", List.of("x"))));
        StagedRecords<Counter> counters = staged();
        counters.load(List.of("a", "b", "missing"));
        feed.mongo.getDb().getCollection(COUNTERS).deleteMany(new Document());

        assertThat(counters.get("a")).isEqualTo(new Counter("a", 1, "first", null));
        assertThat(counters.get("b")).as("an int32 read as the record's long").isEqualTo(new Counter("b", 2, null, List.of("x")));
        assertThat(counters.get("missing")).isNull();
        int before = feed.writesTo(COUNTERS);
        flush(counters);
        assertThat(feed.writesTo(COUNTERS) - before).as("nothing changed, nothing written").isZero();
    }

    @Test
    void aDeleteIsWrittenOnlyForADocumentThatExists() {
        feed.mongo.getDb().getCollection(COUNTERS).insertOne(new Document("_id", "a").append("value", 1L));
        StagedRecords<Counter> counters = staged();
        counters.delete("a");
        counters.delete("never");
        assertThat(counters.get("a")).isNull();
        int before = feed.writesTo(COUNTERS);
        flush(counters);

        assertThat(feed.writesTo(COUNTERS) - before).isEqualTo(1);
        assertThat(feed.mongo.getDb().getCollection(COUNTERS).countDocuments()).isZero();
    }

    @Test
    void theSameBatchWrittenTwiceLeavesTheSameDocument() {
        for (int run = 0; run < 2; run++) {
            StagedRecords<Counter> counters = staged();
            Counter current = counters.get("c");
            counters.put(new Counter("c", Math.max(7, current == null ? 0 : current.value()), "l", List.of("t")));
            flush(counters);
        }
        assertThat(feed.mongo.getDb().getCollection(COUNTERS).find().into(new ArrayList<>()))
                .containsExactly(new Document("_id", "c").append("value", 7L).append("label", "l")
                        .append("tags", List.of("t")));
    }

    private StagedRecords<Counter> staged() {
        return new StagedRecords<>(feed.mongo, Counter.class, COUNTERS, Counter::id);
    }

    private void flush(StagedRecords<Counter> counters) {
        Writes writes = new Writes(feed.mongo.getDb(), COUNTERS);
        counters.writeTo(writes);
        writes.flush();
    }
}
