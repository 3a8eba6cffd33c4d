package io.parley.bench.distributed;

import de.bwaldvogel.mongo.MongoServer;
import io.parley.standalone.readmodels.ReadModelBackend;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The stand-ins for MongoDB and MinIO of the distributed harness ({@code bench/distributed/run.sh}), as a process of
 * their own: mongo-java-server on standalone's read-model backend (a SQLite file) and S3Proxy (files under a
 * directory), the servers standalone runs in its own JVM, each on a loopback port. Arguments:
 * {@code <mongo-port> <read-model-file> <s3-port> <s3-directory> <bucket>}; the S3 keys
 * come from {@code PARLEY_S3_ACCESS_KEY} / {@code PARLEY_S3_SECRET_KEY} (never on a command line). Prints
 * {@code stores ready} once both listen, and runs until it is stopped (SIGTERM).
 */
public final class EmbeddedStores {

    private EmbeddedStores() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: EmbeddedStores <mongo-port> <read-model-file> <s3-port> <s3-directory> <bucket>");
            System.exit(2);
        }
        int mongoPort = Integer.parseInt(args[0]);
        Path readModels = Path.of(args[1]).toAbsolutePath();
        int s3Port = Integer.parseInt(args[2]);
        Path directory = Path.of(args[3]).toAbsolutePath();
        String bucket = args[4];
        String accessKey = required("PARLEY_S3_ACCESS_KEY");
        String secretKey = required("PARLEY_S3_SECRET_KEY");

        MongoServer mongo = new MongoServer(new ReadModelBackend(readModels));
        mongo.bind("127.0.0.1", mongoPort);

        Files.createDirectories(directory);
        BlobStore store = new FilesystemNio2BlobStore(directory.toString());
        if (!store.containerExists(bucket)) {
            store.createContainer(bucket);
        }
        S3Proxy s3 = S3Proxy.builder().blobStore(store).endpoint(URI.create("http://127.0.0.1:" + s3Port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                .build();
        s3.start();
        while (!"STARTED".equals(s3.getState())) {
            Thread.sleep(10);
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                s3.stop();
            } catch (Exception ignored) {
                // stopping anyway
            }
            mongo.shutdownNow();
            stopped.countDown();
        }));
        System.out.println("stores ready: mongodb://127.0.0.1:" + mongoPort + ", s3 http://127.0.0.1:" + s3Port);
        stopped.await();
    }

    private static String required(String variable) {
        String value = System.getenv(variable);
        if (value == null || value.isBlank()) {
            System.err.println(variable + " is not set");
            System.exit(2);
        }
        return value;
    }
}
