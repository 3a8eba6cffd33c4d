package io.parley.standalone.readmodels;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import org.h2.mvstore.MVStore;

/**
 * The H2 file backend of mongo-java-server, honouring the journaled write concern ({@code j: true}) as MongoDB
 * does: the write is committed to the file before it is acknowledged. Without that the store commits about once
 * a second, and a {@code kill -9} could lose read-model writes whose event processor token is already stored.
 * Its databases keep their unique indexes in key order ({@link ReadModelDatabase}).
 *
 * <p>The store's page cache is larger than H2's default of 16 MB: with the default, the pages of the documents a
 * batch touches were read back from the file (and deserialized) at almost every write.
 */
public final class JournalingH2Backend extends H2Backend {

    public JournalingH2Backend(String fileName) {
        this(fileName, 128);
    }

    public JournalingH2Backend(String fileName, int cacheMegabytes) {
        super(new MVStore.Builder().fileName(fileName).cacheSize(cacheMegabytes).open());
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return ReadModelDatabase.open(databaseName, getMvStore(), getCursorRegistry());
    }

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        Document response = super.handleCommand(channel, databaseName, command, query);
        if (query.get("writeConcern") instanceof Document writeConcern && Boolean.TRUE.equals(writeConcern.get("j"))) {
            commit();
        }
        return response;
    }
}
