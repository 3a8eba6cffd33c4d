package io.parley.standalone;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Runs the whole standalone app on a random port and a fresh data directory, shared by its subclasses. With its
 * metrics exported as shipped (a Spring Boot test turns that off unless asked): MetricsTest reads them.
 */
@AutoConfigureObservability(tracing = false)
@SpringBootTest(classes = StandaloneApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "parley.gateway.typing-ttl=1s")
abstract class StandaloneTest {

    static final Path DATA_DIR = newDataDir();

    @LocalServerPort
    int port;

    ParleyClient client;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("parley.data-dir", DATA_DIR::toString);
    }

    @BeforeEach
    void connect() {
        client = new ParleyClient(port);
    }

    /** A username no other test uses, so tests sharing the app never collide. */
    static String uniqueName(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A fresh data directory under target/, for an application of a test class's own. */
    static Path newDataDir() {
        try {
            Files.createDirectories(Path.of("target"));
            return Files.createTempDirectory(Path.of("target"), "parley-test-data").toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
