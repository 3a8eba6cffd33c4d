package io.parley.standalone.readmodels;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;

/**
 * A collection of the read-model store that does not keep its data size (reported by {@code collStats}, which Parley
 * does not use): mongo-java-server would BSON-encode the old and the new document at every update to keep it, and
 * write it to the collection's metadata map, one more page to commit per write.
 */
final class ReadModelCollection extends H2Collection {

    ReadModelCollection(MongoDatabase database, String name, CollectionOptions options, MVMap<Object, Document> documents,
                        MVMap<String, Object> meta, CursorRegistry cursors) {
        super(database, name, options, documents, meta, cursors);
    }

    @Override
    protected boolean tracksDataSize() {
        return false;
    }
}
