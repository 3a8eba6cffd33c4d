package io.parley.standalone.readmodels;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractSynchronizedMongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.exception.MongoServerError;

import java.util.List;

/**
 * A database of the read-model file: each collection a table of BSON documents ({@link ReadModelCollection}), each
 * unique index a table of its keys ({@link UniqueKeyIndex}), named {@code <database>.<collection>} and
 * {@code <database>.<collection>.$<index>}. The library keeps which collections and indexes there are in two
 * collections of its own ({@code system.namespaces}, {@code system.indexes}), stored the same way.
 */
final class ReadModelDatabase extends AbstractSynchronizedMongoDatabase<Long> {

    private final ReadModelFile file;

    ReadModelDatabase(String databaseName, ReadModelFile file, CursorRegistry cursors) {
        super(databaseName, cursors);
        this.file = file;
        initializeNamespacesAndIndexes();
    }

    @Override
    protected MongoCollection<Long> openOrCreateCollection(String collectionName, CollectionOptions options) {
        String table = table(getFullCollectionNamespace(collectionName));
        file.use(session -> {
            session.execute("CREATE TABLE IF NOT EXISTS " + table + " (id INTEGER PRIMARY KEY, document BLOB NOT NULL)");
            return null;
        });
        return new ReadModelCollection(this, collectionName, options, cursorRegistry, file, table);
    }

    @Override
    protected Index<Long> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                  boolean sparse) {
        String table = table(getFullCollectionNamespace(collectionName) + ".$" + indexName);
        file.use(session -> {
            session.execute("CREATE TABLE IF NOT EXISTS " + table
                    + " (key BLOB PRIMARY KEY, position INTEGER NOT NULL) WITHOUT ROWID");
            return null;
        });
        return new UniqueKeyIndex(indexName, keys, sparse, file, table);
    }

    /** A renamed collection would keep its tables' names in its indexes; Parley renames none. */
    @Override
    public void moveCollection(MongoDatabase oldDatabase, MongoCollection<?> collection, String newCollectionName) {
        throw new MongoServerError(115, "CommandNotSupported",
                "the embedded read-model store does not rename collections");
    }

    @Override
    protected long getFileSize() {
        return 0;
    }

    @Override
    protected long getStorageSize() {
        return 0;
    }

    /** The quoted SQL name of a table. */
    static String table(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }
}
