package io.parley.standalone.readmodels;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import org.h2.mvstore.MVStore;

import java.util.HashMap;
import java.util.Map;

/**
 * The H2 file backend of mongo-java-server, honouring the journaled write concern ({@code j: true}) as MongoDB
 * does: the write is committed to the file before it is acknowledged. Without that the store commits about once
 * a second, and a {@code kill -9} could lose read-model writes whose event processor token is already stored.
 * Its databases keep their unique indexes in key order ({@link ReadModelDatabase}).
 *
 * <p>The store's page cache is H2's default of 16 MB. Every page a commit writes enters the cache, and the versions a
 * later commit supersedes stay there until they are evicted: a larger cache (it was 128 MB) keeps them alive for
 * a second or more, so every young garbage collection had to copy them, and its pauses doubled. Pages hold 8 keys
 * (H2: 48), because a page is rewritten whole when one of its documents changes, and documents grow after they are
 * inserted (message and feed buckets), which is when H2 would split a page: with 48, a commit of a few dozen
 * messages wrote megabytes, through write buffers so large that each was a humongous allocation for the collector.
 * The file store keeps those buffers for the commits after ({@link ReusedBuffersFileStore}).
 */
public final class JournalingH2Backend extends H2Backend {

    public JournalingH2Backend(String fileName) {
        this(fileName, 16);
    }

    public JournalingH2Backend(String fileName, int cacheMegabytes) {
        super(open(fileName, cacheMegabytes));
    }

    private static MVStore open(String fileName, int cacheMegabytes) {
        ReusedBuffersFileStore file = new ReusedBuffersFileStore(new HashMap<>(Map.of("cacheSize", cacheMegabytes)));
        file.open(fileName, false, null);
        return new MVStore.Builder().adoptFileStore(file).keysPerPage(8).open();
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
