package io.parley.standalone.readmodels;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import java.util.List;
import java.util.function.Predicate;

/**
 * mongo-java-server's H2 database, with its collections' documents kept as BSON bytes ({@link ReadModelCollection}), its
 * {@code _id} indexes in the documents maps themselves ({@link IdIndex}), and its other unique indexes in maps ordered
 * by {@link KeyValueOrder}. The index maps have names of their own: what an index map of an earlier layout holds (in
 * the order of its serialized keys, or every id) is copied over once, as far as the new one keeps it, and removed.
 */
final class ReadModelDatabase extends H2Database {

    private static final String SUFFIX = ".ordered";
    /** The {@code _id} index's map of the ids that are not strings ({@link IdIndex}). */
    private static final String OTHER_IDS_SUFFIX = ".otherIds";
    /** The prefix of mongo-java-server's map names for a collection's documents. */
    private static final String DOCUMENTS_PREFIX = "databases.";
    /** The store while the superclass's constructor opens the indexes, before this class's field is set. */
    private static final ThreadLocal<MVStore> OPENING = new ThreadLocal<>();

    private final MVStore store;

    private ReadModelDatabase(String databaseName, MVStore store, CursorRegistry cursors) {
        super(databaseName, store, cursors);
        this.store = store;
    }

    static ReadModelDatabase open(String databaseName, MVStore store, CursorRegistry cursors) {
        OPENING.set(store);
        try {
            return new ReadModelDatabase(databaseName, store, cursors);
        } finally {
            OPENING.remove();
        }
    }

    private MVStore store() {
        return store != null ? store : OPENING.get();
    }

    @Override
    protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
        return new ReadModelCollection(this, collectionName, options, documents(collectionName), cursorRegistry);
    }

    /** The collection's documents by {@code _id}; the same map however often it is asked for. */
    private MVMap<Object, byte[]> documents(String collectionName) {
        return store().openMap(DOCUMENTS_PREFIX + getFullCollectionNamespace(collectionName),
                new MVMap.Builder<Object, byte[]>().valueType(new BsonBytesType()));
    }

    @Override
    protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                    boolean sparse) {
        String earlier = mapName(collectionName, indexName);
        if (!sparse && IdIndex.isIdIndex(indexName, keys)) {
            MVMap<KeyValue, Object> otherIds = orderedMap(earlier + OTHER_IDS_SUFFIX);
            moveEntries(earlier, otherIds, key -> IdIndex.stringId(key) == null);
            moveEntries(earlier + SUFFIX, otherIds, key -> IdIndex.stringId(key) == null);
            return new IdIndex(documents(collectionName), otherIds, keys);
        }
        MVMap<KeyValue, Object> map = orderedMap(earlier + SUFFIX);
        moveEntries(earlier, map, key -> true);
        return new OrderedUniqueIndex(map, indexName, keys, sparse);
    }

    private MVMap<KeyValue, Object> orderedMap(String name) {
        return store().openMap(name, new MVMap.Builder<KeyValue, Object>().keyType(new KeyValueOrder()));
    }

    /** Copies the entries an index map of an earlier layout holds (those {@code wanted}) into {@code target}, and removes it. */
    private void moveEntries(String earlierMap, MVMap<KeyValue, Object> target, Predicate<KeyValue> wanted) {
        MVStore store = store();
        if (!store.hasMap(earlierMap)) {
            return;
        }
        MVMap<KeyValue, Object> earlier = earlierMap.endsWith(SUFFIX) ? orderedMap(earlierMap) : store.openMap(earlierMap);
        earlier.forEach((key, position) -> {
            if (wanted.test(key)) {
                target.putIfAbsent(key, position);
            }
        });
        store.removeMap(earlier);
    }

    @Override
    protected void dropIndex(MongoCollection<Object> collection, String indexName) {
        super.dropIndex(collection, indexName);
        String name = mapName(collection.getCollectionName(), indexName);
        for (String map : List.of(name + SUFFIX, name + OTHER_IDS_SUFFIX)) {
            if (store().hasMap(map)) {
                store().removeMap(map);
            }
        }
    }

    /** The name mongo-java-server gives an index's map. */
    private String mapName(String collectionName, String indexName) {
        return getFullCollectionNamespace(collectionName) + "._index_" + indexName;
    }
}
