package io.parley.query.projection;

import com.mongodb.WriteConcern;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Write operations per collection, kept in order and sent as one ordered bulk write per collection, collections
 * in the order given at construction. Journaled: the read model is on disk before the token moves past it.
 */
public final class Writes {

    private final MongoDatabase db;
    private final Map<String, List<WriteModel<Document>>> byCollection = new LinkedHashMap<>();

    public Writes(MongoDatabase db, String... collectionsInFlushOrder) {
        this.db = db;
        for (String collection : collectionsInFlushOrder) {
            byCollection.put(collection, new ArrayList<>());
        }
    }

    public void add(String collection, WriteModel<Document> write) {
        List<WriteModel<Document>> writes = byCollection.get(collection);
        if (writes == null) {
            throw new IllegalArgumentException("not a collection of this batch: " + collection);
        }
        writes.add(write);
    }

    public int size() {
        return byCollection.values().stream().mapToInt(List::size).sum();
    }

    public void flush() {
        byCollection.forEach((collection, writes) -> {
            if (!writes.isEmpty()) {
                db.getCollection(collection).withWriteConcern(WriteConcern.JOURNALED)
                        .bulkWrite(writes, new BulkWriteOptions().ordered(true));
                writes.clear();
            }
        });
    }
}
