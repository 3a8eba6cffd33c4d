package io.parley.standalone;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import io.parley.standalone.readmodels.ReadModelBackend;

import java.nio.file.Path;
import java.util.function.Consumer;

/** The read-model store file of an app that is not running, read and written over the MongoDB protocol as the app does. */
public final class ReadModelFiles {

    private ReadModelFiles() {
    }

    static void withDatabase(Path storeFile, Consumer<MongoDatabase> use) {
        withDatabase(new ReadModelBackend(storeFile), use);
    }

    /** The app's database ({@code parley}) of the backend, served on a free loopback port while {@code use} runs. */
    public static void withDatabase(MongoBackend backend, Consumer<MongoDatabase> use) {
        MongoServer server = new MongoServer(backend);
        try {
            try (MongoClient mongo = MongoClients.create(server.bindAndGetConnectionString())) {
                use.accept(mongo.getDatabase("parley"));
            }
        } finally {
            server.shutdown();
        }
    }
}
