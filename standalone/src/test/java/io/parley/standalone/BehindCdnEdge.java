package io.parley.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.standalone.ParleyClient.Response;
import io.parley.standalone.ParleyClient.Session;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Parley with CDN links to its caching edge ({@link CdnEdge}: the deploy template's nginx block, started before the
 * first test of a class, stopped after its last) and what its tests do with them: upload a file, download a link. One
 * Parley for all its subclasses (the same settings: Spring's context cache). Skipped where nginx is not installed
 * (CI installs it).
 */
@SpringBootTest(classes = StandaloneApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class BehindCdnEdge {

    static final Path DATA_DIR = StandaloneTest.newDataDir();
    static final String SECRET = UUID.randomUUID() + "-" + UUID.randomUUID();
    static final int EDGE_PORT = CdnEdge.freePort();
    static CdnEdge edge;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("parley.data-dir", DATA_DIR::toString);
        registry.add("parley.media.cdn.secret", () -> SECRET);
        registry.add("parley.media.cdn.base-url", () -> "http://127.0.0.1:" + EDGE_PORT);
    }

    @BeforeAll
    static void nginxIsThere() {
        assumeTrue(Files.isExecutable(CdnEdge.executable()), "nginx is not installed (Debian: apt-get install nginx)");
    }

    @AfterAll
    static void stopEdge() {
        if (edge != null) {
            edge.close();
            edge = null;
        }
    }

    @LocalServerPort
    int port;

    final MediaStorageClient s3 = new MediaStorageClient();
    final HttpClient http = HttpClient.newHttpClient();
    ParleyClient client;

    @BeforeEach
    void edgeInFrontOfParley() {
        if (edge == null) {
            edge = CdnEdge.start(EDGE_PORT, port, SECRET);
        }
        client = new ParleyClient(port);
    }

    /** Parley's own origin (standalone serves CDN links itself too). */
    String parley() {
        return "http://127.0.0.1:" + port;
    }

    Response startSession(Session owner, String fileName, String fileType, String mediaType, long fileSize) {
        return client.post("/api/v1/media/upload-session", owner.accessToken(),
                Map.of("fileName", fileName, "fileType", fileType, "fileSize", fileSize, "mediaType", mediaType));
    }

    /** Uploads a file (session, PUT to storage, complete); the answer of {@code complete}. */
    Response upload(Session owner, String fileName, String fileType, String mediaType, byte[] bytes) {
        Response session = startSession(owner, fileName, fileType, mediaType, bytes.length);
        assertThat(session.status()).as("upload session: %s", session).isEqualTo(201);
        assertThat(s3.put(session.text("uploadUrl"), bytes, fileType).status()).isEqualTo(200);
        Response completed = client.post("/api/v1/media/" + session.text("mediaId") + "/complete",
                owner.accessToken(), null);
        assertThat(completed.status()).as("complete: %s", completed).isEqualTo(200);
        return completed;
    }

    /** {@code headers}: names and values, in turns. */
    HttpResponse<byte[]> get(String url, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
