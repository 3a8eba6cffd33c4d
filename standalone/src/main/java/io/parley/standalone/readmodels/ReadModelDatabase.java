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

/**
 * mongo-java-server's H2 database, with its collections' documents kept as BSON bytes ({@link ReadModelCollection}) and its
 * unique indexes (the {@code _id} index of every collection among them) in maps ordered by {@link KeyValueOrder}.
 * The index maps have names of their own: an index a store of the earlier layout holds (in the order of its
 * serialized keys) is copied over once, in the new order, and removed.
 */
final class ReadModelDatabase extends H2Database {

    private static final String SUFFIX = ".ordered";
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
        String fullName = getFullCollectionNamespace(collectionName);
        MVMap<Object, byte[]> documents = store().openMap(DOCUMENTS_PREFIX + fullName,
                new MVMap.Builder<Object, byte[]>().valueType(new BsonBytesType()));
        return new ReadModelCollection(this, collectionName, options, documents, cursorRegistry);
    }

    @Override
    protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                    boolean sparse) {
        MVStore store = store();
        String earlier = mapName(collectionName, indexName);
        MVMap<KeyValue, Object> map = store.openMap(earlier + SUFFIX,
                new MVMap.Builder<KeyValue, Object>().keyType(new KeyValueOrder()));
        if (store.hasMap(earlier)) {
            MVMap<KeyValue, Object> unordered = store.openMap(earlier);
            unordered.forEach(map::putIfAbsent);
            store.removeMap(unordered);
        }
        return new OrderedUniqueIndex(map, indexName, keys, sparse);
    }

    @Override
    protected void dropIndex(MongoCollection<Object> collection, String indexName) {
        super.dropIndex(collection, indexName);
        String name = mapName(collection.getCollectionName(), indexName) + SUFFIX;
        if (store().hasMap(name)) {
            store().removeMap(name);
        }
    }

    /** The name mongo-java-server gives an index's map. */
    private String mapName(String collectionName, String indexName) {
        return getFullCollectionNamespace(collectionName) + "._index_" + indexName;
    }
}
