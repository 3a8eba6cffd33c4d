package io.parley.standalone.readmodels;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The read models' MongoDB in standalone: mongo-java-server on the SQLite file {@code readmodels/readmodels.db} under
 * the data directory ({@link ReadModelBackend}), a real server on a loopback port, and the MongoClient the application
 * uses connected to it (Boot's own Mongo client backs off).
 */
@Configuration(proxyBeanMethods = false)
class ReadModelStoreConfiguration {

    /** Closed by the server's shutdown. */
    @Bean(destroyMethod = "")
    ReadModelBackend readModelBackend(@Value("${parley.data-dir}") Path dataDir,
                                      @Value("${parley.readmodels.cache-megabytes:8}") int cacheMegabytes) {
        Path directory = dataDir.resolve("readmodels");
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + directory, e);
        }
        return new ReadModelBackend(directory.resolve(ReadModelFile.NAME), cacheMegabytes);
    }

    @Bean(destroyMethod = "shutdown")
    MongoServer readModelServer(ReadModelBackend backend,
                                @Value("${parley.readmodels.address:127.0.0.1}") String address,
                                @Value("${parley.readmodels.port:0}") int port) {
        MongoServer server = new MongoServer(backend);
        server.bind(address, port);
        return server;
    }

    @Bean(destroyMethod = "close")
    MongoClient mongoClient(MongoServer readModelServer) {
        return MongoClients.create(readModelServer.getConnectionString());
    }
}
