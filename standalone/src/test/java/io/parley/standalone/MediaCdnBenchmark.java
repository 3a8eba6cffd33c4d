package io.parley.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.standalone.ParleyClient.Response;
import io.parley.standalone.ParleyClient.Session;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prints download throughput of CDN links through the caching edge ({@link CdnEdge}, the deploy template's nginx
 * block): cold (a miss: edge → Parley → storage) against cached (a hit: the edge's disk), and a presigned GET
 * straight from storage, with how many downloads reached Parley and storage (the edge's misses). A report, not a
 * test: {@code mvn -o verify -pl standalone -am -Dtest=MediaCdnBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@SpringBootTest(classes = StandaloneApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MediaCdnBenchmark {

    private static final int MIB = 1024 * 1024;
    private static final int FILE_SIZE = 5 * MIB;
    private static final int FILES = 20;
    private static final Path DATA_DIR = newDataDir();
    private static final String SECRET = UUID.randomUUID() + "-" + UUID.randomUUID();
    private static final int EDGE_PORT = CdnEdge.freePort();
    private static CdnEdge edge;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("parley.data-dir", DATA_DIR::toString);
        registry.add("parley.media.cdn.secret", () -> SECRET);
        registry.add("parley.media.cdn.base-url", () -> "http://127.0.0.1:" + EDGE_PORT);
    }

    @AfterAll
    static void stopEdge() {
        if (edge != null) {
            edge.close();
        }
    }

    @LocalServerPort
    int port;

    private final MediaStorageClient s3 = new MediaStorageClient();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void coldVersusCached() throws Exception {
        edge = CdnEdge.start(EDGE_PORT, port, SECRET);
        ParleyClient client = new ParleyClient(port);
        Session alice = client.registerAndLogin(StandaloneTest.uniqueName("bench"));
        List<JsonNode> media = new ArrayList<>();
        for (int i = 0; i < FILES; i++) {
            byte[] file = new byte[FILE_SIZE];
            new Random(i).nextBytes(file);
            System.arraycopy(new byte[]{'%', 'P', 'D', 'F', '-', '1', '.', '4', '\n'}, 0, file, 0, 9);
            Response session = client.post("/api/v1/media/upload-session", alice.accessToken(), Map.of("fileName",
                    "f" + i + ".pdf", "fileType", "application/pdf", "fileSize", FILE_SIZE, "mediaType", "document"));
            s3.put(session.text("uploadUrl"), file, "application/pdf");
            client.post("/api/v1/media/" + session.text("mediaId") + "/complete", alice.accessToken(), null);
            media.add(client.get("/api/v1/media/" + session.text("mediaId"), alice.accessToken()).body());
        }
        long presigned = 0;
        long cold = 0;
        long cached = 0;
        int misses = 0;
        for (JsonNode one : media) {
            long start = System.nanoTime();
            assertThat(s3.get(one.path("url").asText()).body()).hasSize(FILE_SIZE);
            presigned += System.nanoTime() - start;
        }
        for (String pass : List.of("cold", "cached")) {
            for (JsonNode one : media) {
                long start = System.nanoTime();
                HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(URI.create(one.path("cdnUrl").asText()))
                        .build(), HttpResponse.BodyHandlers.ofByteArray());
                long took = System.nanoTime() - start;
                assertThat(answer.body()).hasSize(FILE_SIZE);
                if ("MISS".equals(answer.headers().firstValue("X-Cache-Status").orElse(""))) {
                    misses++;
                }
                if (pass.equals("cold")) {
                    cold += took;
                } else {
                    cached += took;
                }
            }
        }
        double megabytes = (double) FILES * FILE_SIZE / MIB;
        System.out.printf("%n=== media downloads, %d x %d MiB ===%n", FILES, FILE_SIZE / MIB);
        System.out.printf("presigned GET straight from storage:          %7.1f MiB/s%n", megabytes / (presigned / 1e9));
        System.out.printf("CDN link, cold (edge miss → Parley → storage): %7.1f MiB/s%n", megabytes / (cold / 1e9));
        System.out.printf("CDN link, cached (edge hit):                   %7.1f MiB/s%n", megabytes / (cached / 1e9));
        System.out.printf("downloads reaching Parley and storage: %d of %d (%d files, each fetched twice)%n%n",
                misses, 2 * FILES, FILES);
    }

    private static Path newDataDir() {
        try {
            Files.createDirectories(Path.of("target"));
            return Files.createTempDirectory(Path.of("target"), "parley-test-data").toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
