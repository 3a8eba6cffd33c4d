package io.parley.query.projection;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.DeleteOneModel;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import org.bson.Document;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The documents of one collection a batch touches, each read once (by id) and then changed in memory by every
 * event of the batch, then written once: a replace of the final state, or a delete. A batch of 250 events into
 * the same conversation is one write to its document instead of 250.
 *
 * <p>The in-memory changes must mean exactly what the per-event updates they stand for would mean ({@code $set},
 * {@code $max}, {@code $addToSet}, {@code $pull}, upsert or not): then the final state, and so the written document,
 * is the same as if each event had been written on its own, and a batch handled twice leaves the same document.
 * Only the batch's single processor thread writes these documents.
 */
public final class StagedDocuments {

    private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);

    private final MongoDatabase db;
    private final String collection;
    /** By id: the current state, {@code null} for no document. */
    private final Map<String, Document> documents = new HashMap<>();
    private final Set<String> changed = new LinkedHashSet<>();

    public StagedDocuments(MongoDatabase db, String collection) {
        this.db = db;
        this.collection = collection;
    }

    /** Reads, in one query, those of these documents not read yet. */
    public void load(Collection<String> ids) {
        List<String> missing = new ArrayList<>();
        for (String id : ids) {
            if (!documents.containsKey(id)) {
                missing.add(id);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        for (String id : missing) {
            documents.put(id, null);
        }
        var found = missing.size() == 1
                ? db.getCollection(collection).find(Filters.eq("_id", missing.get(0)))
                : db.getCollection(collection).find(Filters.in("_id", missing));
        for (Document doc : found) {
            documents.put(doc.getString("_id"), doc);
        }
    }

    /** The document as of the event being handled, or {@code null}; call {@link #changed} after changing it. */
    public Document get(String id) {
        if (!documents.containsKey(id)) {
            load(List.of(id));
        }
        return documents.get(id);
    }

    /** The document, created with only its {@code _id} if there is none (an upsert); marked changed. */
    public Document upsert(String id) {
        Document doc = get(id);
        if (doc == null) {
            doc = new Document("_id", id);
            documents.put(id, doc);
        }
        changed.add(id);
        return doc;
    }

    /** Replaces the document with {@code doc} (which has the {@code _id}). */
    public void replace(String id, Document doc) {
        documents.put(id, doc);
        changed.add(id);
    }

    public void delete(String id) {
        if (get(id) != null) {
            documents.put(id, null);
            changed.add(id);
        }
    }

    public void changed(String id) {
        changed.add(id);
    }

    /** Queues one write per changed document. */
    public void writeTo(Writes writes) {
        for (String id : changed) {
            Document doc = documents.get(id);
            writes.add(collection, doc == null ? new DeleteOneModel<>(Filters.eq("_id", id))
                    : new ReplaceOneModel<>(Filters.eq("_id", id), doc, UPSERT));
        }
        changed.clear();
    }

    /** {@code $max}: sets the field if it is missing or below {@code value}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static void max(Document doc, String field, Comparable value) {
        Object current = doc.get(field);
        if (current == null || compare(current, value) < 0) {
            doc.put(field, value);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Object current, Comparable value) {
        if (current instanceof Number a && value instanceof Number b) {
            return Long.compare(a.longValue(), b.longValue());
        }
        return ((Comparable) current).compareTo(value);
    }

    /** {@code $addToSet} of each value, in order, on a (possibly missing) array field. */
    public static void addToSet(Document doc, String field, Collection<?> values) {
        List<Object> list = list(doc, field);
        for (Object value : values) {
            if (!list.contains(value)) {
                list.add(value);
            }
        }
    }

    /** {@code $pull} of a value from an array field, if there is one. */
    public static void pull(Document doc, String field, Object value) {
        Object current = doc.get(field);
        if (current instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list);
            copy.removeIf(value::equals);
            doc.put(field, copy);
        }
    }

    /** The array field as a mutable list, created empty (at the end of the document) if missing. */
    @SuppressWarnings("unchecked")
    public static List<Object> list(Document doc, String field) {
        Object current = doc.get(field);
        if (current instanceof ArrayList<?>) {
            return (List<Object>) current;
        }
        List<Object> list = current instanceof List<?> other ? new ArrayList<>(other) : new ArrayList<>();
        doc.put(field, list);
        return list;
    }
}
