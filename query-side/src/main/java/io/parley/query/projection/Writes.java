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
 * in the order given at construction. The last bulk write of a flush is journaled, which puts it and every write
 * before it on disk (the journal is sequential) before the token moves past them: one journal commit per batch.
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
        List<String> pending = byCollection.entrySet().stream()
                .filter(entry -> !entry.getValue().isEmpty()).map(Map.Entry::getKey).toList();
        for (int i = 0; i < pending.size(); i++) {
            String collection = pending.get(i);
            WriteConcern concern = i == pending.size() - 1 ? WriteConcern.JOURNALED : WriteConcern.ACKNOWLEDGED;
            db.getCollection(collection).withWriteConcern(concern)
                    .bulkWrite(byCollection.get(collection), new BulkWriteOptions().ordered(true));
            byCollection.get(collection).clear();
        }
    }
}
