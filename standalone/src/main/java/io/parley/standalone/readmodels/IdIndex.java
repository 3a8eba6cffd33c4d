package io.parley.standalone.readmodels;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;

import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The {@code _id} index of a read-model collection. A collection keeps its documents in a map keyed by {@code _id},
 * so for string ids (all of Parley's) that map is the index: an id is found, added and removed with its document.
 * Other ids (numbers, ObjectIds, documents) have a map of their own ({@link KeyValueOrder}). Before, every id was in
 * such a map: a second tree searched and written for every document, about half of the embedded MongoDB's CPU time
 * under load. A string is never equal to a value of another BSON type, so the two never hold the same id.
 */
final class IdIndex extends AbstractUniqueIndex<Object> {

    static final String NAME = "_id_";

    private final MVMap<Object, byte[]> documents;
    private final MVMap<KeyValue, Object> otherIds;

    IdIndex(MVMap<Object, byte[]> documents, MVMap<KeyValue, Object> otherIds, List<IndexKey> keys) {
        super(NAME, keys, false);
        this.documents = documents;
        this.otherIds = otherIds;
    }

    static boolean isIdIndex(String indexName, List<IndexKey> keys) {
        return NAME.equals(indexName) && keys.size() == 1 && "_id".equals(keys.get(0).getKey());
    }

    /** The string id of a single-value key, or {@code null} if it is not a string. */
    static String stringId(KeyValue key) {
        return key.size() == 1 && key.get(0) instanceof String id ? id : null;
    }

    @Override
    protected Object getPosition(KeyValue key) {
        String id = stringId(key);
        if (id == null) {
            return otherIds.get(key);
        }
        return documents.containsKey(id) ? id : null;
    }

    /**
     * A document with a string id is in the index once the collection has stored it, which it does just before
     * this (the library's {@code add} would check the id again, and find the document itself).
     */
    @Override
    public synchronized void add(Document document, Object position, MongoCollection<Object> collection) {
        if (!(document.get("_id") instanceof String)) {
            super.add(document, position, collection);
        }
    }

    @Override
    protected boolean putKeyPosition(KeyValue key, Object position) {
        return otherIds.putIfAbsent(key, Missing.ofNullable(position)) == null;
    }

    /** A string id leaves the index with its document, which the collection removes just after this. */
    @Override
    protected Object removeDocument(KeyValue key) {
        return stringId(key) == null ? otherIds.remove(key) : getPosition(key);
    }

    @Override
    protected Iterable<Map.Entry<KeyValue, Object>> getIterable() {
        return () -> Stream.concat(stringEntries(), otherIds.entrySet().stream()).iterator();
    }

    private Stream<Map.Entry<KeyValue, Object>> stringEntries() {
        return documents.keySet().stream()
                .filter(String.class::isInstance)
                .map(id -> new AbstractMap.SimpleImmutableEntry<>(new KeyValue(id), id));
    }

    @Override
    public long getCount() {
        return documents.sizeAsLong();
    }

    @Override
    public boolean isEmpty() {
        return documents.isEmpty();
    }

    @Override
    public long getDataSize() {
        return getCount();
    }
}
