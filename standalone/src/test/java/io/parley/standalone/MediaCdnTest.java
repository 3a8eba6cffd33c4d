package io.parley.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.standalone.ParleyClient.Response;
import io.parley.standalone.ParleyClient.Session;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static io.parley.standalone.MediaFlowTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * CDN links through the edge's caching nginx ({@link CdnEdge}: the deploy template's own configuration) in front of
 * Parley: members get signed, expiring links; the edge answers the second download from its cache; forged and
 * expired links are refused at the edge and at Parley. Skipped only where nginx is not installed (CI installs it).
 */
@SpringBootTest(classes = StandaloneApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MediaCdnTest {

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

    @BeforeAll
    static void nginxIsThere() {
        assumeTrue(Files.isExecutable(CdnEdge.executable()), "nginx is not installed (Debian: apt-get install nginx)");
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
    private ParleyClient client;
    private Session alice;
    private Session bob;

    @BeforeEach
    void edgeInFrontOfParley() {
        if (edge == null) {
            edge = CdnEdge.start(EDGE_PORT, port, SECRET);
        }
        client = new ParleyClient(port);
        alice = client.registerAndLogin(StandaloneTest.uniqueName("alice"));
        bob = client.registerAndLogin(StandaloneTest.uniqueName("bob"));
    }

    @Test
    void membersGetCdnLinksAndTheSecondDownloadComesFromTheEdgesCache() throws Exception {
        byte[] png = MediaFixtures.png(640, 480);
        Response session = startSession(alice, "sunset.png", png.length);
        String mediaId = session.text("mediaId");
        assertThat(s3.put(session.text("uploadUrl"), png, "image/png").status()).isEqualTo(200);
        Response completed = client.post("/api/v1/media/" + mediaId + "/complete", alice.accessToken(), null);
        assertThat(completed.status()).isEqualTo(200);
        assertThat(completed.text("cdnUrl")).startsWith(edge.origin() + "/media-cdn/" + mediaId + "?expires=");

        assertProblem(client.get("/api/v1/media/" + mediaId, bob.accessToken()), 404, "not-found");
        String conversation = client.post("/api/v1/conversations/direct", alice.accessToken(),
                Map.of("peerUserId", bob.userId())).text("conversationId");
        assertThat(client.post("/api/v1/conversations/" + conversation + "/messages", alice.accessToken(),
                Map.of("clientMessageId", "cdn-1", "mediaId", mediaId)).status()).isEqualTo(201);
        JsonNode forBob = awaitMedia(bob, mediaId, media -> media.hasNonNull("cdnThumbnailUrl"));
        String link = forBob.path("cdnUrl").asText();
        assertThat(Instant.parse(forBob.path("cdnUrlExpiresAt").asText())).isAfter(Instant.now().plusSeconds(3000));

        HttpResponse<byte[]> first = get(link);
        HttpResponse<byte[]> second = get(link);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).isEqualTo(png);
        assertThat(first.headers().firstValue("X-Cache-Status")).hasValue("MISS");
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.body()).isEqualTo(png);
        assertThat(second.headers().firstValue("X-Cache-Status")).as("the second from the cache").hasValue("HIT");
        assertThat(second.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(second.headers().allValues("Content-Security-Policy")).containsExactly("sandbox");
        assertThat(second.headers().allValues("X-Content-Type-Options")).containsExactly("nosniff");
        assertThat(second.headers().firstValue("Cache-Control")).hasValueSatisfying(value ->
                assertThat(value).contains("immutable"));

        HttpResponse<byte[]> thumbnail = get(forBob.path("cdnThumbnailUrl").asText());
        assertThat(thumbnail.statusCode()).isEqualTo(200);
        assertThat(thumbnail.headers().firstValue("Content-Type")).hasValue("image/jpeg");

        // standalone serves the same links itself (no edge in front)
        HttpResponse<byte[]> direct = get(link.replace(edge.origin(), "http://127.0.0.1:" + port));
        assertThat(direct.statusCode()).isEqualTo(200);
        assertThat(direct.body()).isEqualTo(png);
    }

    @Test
    void forgedAndExpiredLinksAreRefusedAtTheEdgeAndByParley() throws Exception {
        byte[] png = MediaFixtures.png(200, 100);
        Response session = startSession(alice, "receipt.png", png.length);
        String mediaId = session.text("mediaId");
        assertThat(s3.put(session.text("uploadUrl"), png, "image/png").status()).isEqualTo(200);
        String link = client.post("/api/v1/media/" + mediaId + "/complete", alice.accessToken(), null).text("cdnUrl");
        assertThat(get(link).statusCode()).isEqualTo(200);
        String parley = "http://127.0.0.1:" + port;

        String path = "/media-cdn/" + mediaId;
        String tampered = link.replaceFirst("md5=(.)", "md5=" + (link.contains("md5=A") ? "B" : "A"));
        String longer = link.replaceFirst("expires=(\\d+)", "expires=9$1");
        String unsigned = edge.origin() + path;
        String expired = edge.origin() + signed(path, Instant.now().minusSeconds(5).getEpochSecond());
        String otherMedia = link.replace(mediaId, UUID.randomUUID().toString());
        for (String forged : new String[]{tampered, longer, unsigned, otherMedia}) {
            assertThat(get(forged).statusCode()).as("at the edge: %s", forged).isEqualTo(403);
            assertThat(get(forged.replace(edge.origin(), parley)).statusCode()).as("at Parley: %s", forged)
                    .isEqualTo(404);
        }
        assertThat(get(expired).statusCode()).as("expired, at the edge").isEqualTo(410);
        assertThat(get(expired.replace(edge.origin(), parley)).statusCode()).as("expired, at Parley").isEqualTo(404);
        assertThat(get(edge.origin() + signed(path, Instant.now().plusSeconds(600).getEpochSecond())).statusCode())
                .as("a link signed with the secret (the test's own)").isEqualTo(200);
    }

    // ---------------------------------------------------------------- helpers

    /** A link as nginx's secure_link checks it (with the secret this test gave Parley). */
    private static String signed(String path, long expires) throws Exception {
        byte[] md5 = MessageDigest.getInstance("MD5").digest((expires + path + " " + SECRET)
                .getBytes(StandardCharsets.UTF_8));
        return path + "?expires=" + expires + "&md5=" + Base64.getUrlEncoder().withoutPadding().encodeToString(md5);
    }

    private HttpResponse<byte[]> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private Response startSession(Session owner, String fileName, long fileSize) {
        return client.post("/api/v1/media/upload-session", owner.accessToken(),
                Map.of("fileName", fileName, "fileType", "image/png", "fileSize", fileSize, "mediaType", "image"));
    }

    private JsonNode awaitMedia(Session reader, String mediaId, Predicate<JsonNode> condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        Response last;
        do {
            last = client.get("/api/v1/media/" + mediaId, reader.accessToken());
            if (last.status() == 200 && condition.test(last.body())) {
                return last.body();
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } while (Instant.now().isBefore(deadline));
        throw new AssertionError("media " + mediaId + " never got there: " + last);
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
