package io.parley.standalone;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import io.parley.standalone.readmodels.JournalingH2Backend;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.function.Consumer;

/** The read-model store file of an app that is not running, read and written over the MongoDB protocol as the app does. */
final class ReadModelFiles {

    private ReadModelFiles() {
    }

    static void withDatabase(Path storeFile, Consumer<MongoDatabase> use) {
        MongoServer server = new MongoServer(new JournalingH2Backend(storeFile.toString()));
        try {
            InetSocketAddress address = server.bind();
            try (MongoClient mongo = MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort())) {
                use.accept(mongo.getDatabase("parley"));
            }
        } finally {
            server.shutdown();
        }
    }
}
