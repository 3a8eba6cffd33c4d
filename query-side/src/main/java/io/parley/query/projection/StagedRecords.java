package io.parley.query.projection;

import com.mongodb.client.model.DeleteOneModel;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.convert.DefaultMongoTypeMapper;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The typed documents of one collection a batch touches: each read once (many in one query by id), replaced in memory
 * by every event of the batch that changes it, then written once, as its final state or a delete. A batch of 250
 * events into the same document is one write instead of 250 (the load benchmark's throughput rests on this).
 *
 * <p>The documents are records mapped by spring-data-mongodb's converter, with their field names in the record. A
 * change must mean what an absolute or guarded update would ({@code $set}, {@code $max}, set operations): then the
 * written document is the same as if each event had been written on its own, and a batch handled twice leaves the
 * same document. Only the batch's single processor thread uses it.
 */
public final class StagedRecords<T> {

    private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);

    private final MongoTemplate mongo;
    private final Class<T> type;
    private final String collection;
    private final Function<T, String> idOf;
    /** By id: the current state, {@code null} for no document. */
    private final Map<String, T> records = new HashMap<>();
    private final Set<String> changed = new LinkedHashSet<>();

    public StagedRecords(MongoTemplate mongo, Class<T> type, String collection, Function<T, String> idOf) {
        this.mongo = mongo;
        this.type = type;
        this.collection = collection;
        this.idOf = idOf;
    }

    /** Reads, in one query, those of these documents not read yet. */
    public void load(Collection<String> ids) {
        List<String> missing = new ArrayList<>();
        for (String id : ids) {
            if (!records.containsKey(id)) {
                missing.add(id);
                records.put(id, null);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        Criteria byId = missing.size() == 1 ? Criteria.where("_id").is(missing.get(0)) : Criteria.where("_id").in(missing);
        for (T record : mongo.find(Query.query(byId), type, collection)) {
            records.put(idOf.apply(record), record);
        }
    }

    /** The document as of the event being handled, or {@code null}. */
    public T get(String id) {
        if (!records.containsKey(id)) {
            load(List.of(id));
        }
        return records.get(id);
    }

    /** Replaces the document with {@code record} (an upsert), as of the event being handled. */
    public void put(T record) {
        String id = idOf.apply(record);
        records.put(id, record);
        changed.add(id);
    }

    public void delete(String id) {
        if (get(id) != null) {
            records.put(id, null);
            changed.add(id);
        }
    }

    /** Queues one write per changed document. */
    public void writeTo(Writes writes) {
        for (String id : changed) {
            T record = records.get(id);
            writes.add(collection, record == null ? new DeleteOneModel<>(Filters.eq("_id", id))
                    : new ReplaceOneModel<>(Filters.eq("_id", id), stored(mongo, record), UPSERT));
        }
        changed.clear();
    }

    /** The record as stored: its mapped fields, without a type hint (each collection holds one type). */
    public static Document stored(MongoTemplate mongo, Object record) {
        Document doc = new Document();
        mongo.getConverter().write(record, doc);
        doc.remove(DefaultMongoTypeMapper.DEFAULT_TYPE_KEY);
        return doc;
    }
}
