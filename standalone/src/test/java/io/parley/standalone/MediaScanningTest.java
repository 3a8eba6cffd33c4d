package io.parley.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.api.media.MediaId;
import io.parley.media.asset.MediaRecords;
import io.parley.media.storage.ObjectStorage;
import io.parley.standalone.ParleyClient.Response;
import io.parley.standalone.ParleyClient.Session;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

import static io.parley.standalone.MediaFlowTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Uploads scanned by a real clamd ({@link Clamd}, with a signature for the EICAR test string) before they become
 * READY: over HTTP, as a client sees it. Skipped only where clamd is not installed (CI installs it). Its own
 * application and data directory (other settings: see {@link MediaExpiryTest}).
 */
@SpringBootTest(classes = StandaloneApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "parley.media.scanning.scanner=clamd")
class MediaScanningTest {

    private static final Path DATA_DIR = StandaloneTest.newDataDir();
    private static final Clamd CLAMD = Clamd.configure("1M");

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("parley.data-dir", DATA_DIR::toString);
        registry.add("parley.media.scanning.clamd-host", () -> "127.0.0.1");
        registry.add("parley.media.scanning.clamd-port", CLAMD::port);
    }

    @BeforeAll
    static void startClamd() {
        assumeTrue(Files.isExecutable(Clamd.executable()),
                "clamd is not installed (Debian: apt-get install clamav-daemon)");
        CLAMD.start();
    }

    @AfterAll
    static void stopClamd() {
        CLAMD.stop();
    }

    @LocalServerPort
    int port;
    @Autowired
    MediaRecords records;
    @Autowired
    ObjectStorage storage;

    private final MediaStorageClient s3 = new MediaStorageClient();
    private ParleyClient client;
    private Session alice;
    private Session bob;

    @BeforeEach
    void twoUsersAndClamd() {
        if (!CLAMD.isRunning()) {
            CLAMD.start();
        }
        client = new ParleyClient(port);
        alice = client.registerAndLogin(StandaloneTest.uniqueName("alice"));
        bob = client.registerAndLogin(StandaloneTest.uniqueName("bob"));
    }

    @Test
    void anInfectedFileFailsIsDeletedAndCanNeverBeAttached() {
        byte[] infected = ("Minutes of the meeting\n" + Clamd.EICAR + "\n").getBytes(StandardCharsets.US_ASCII);
        String mediaId = uploadDocument(alice, "minutes.txt", infected);
        String storageKey = records.find(MediaId.of(mediaId)).orElseThrow().storageKey();

        JsonNode failed = client.awaitMedia(alice, mediaId, media -> !"PROCESSING".equals(media.path("status").asText()),
                Duration.ofSeconds(30));
        assertThat(failed.path("status").asText()).isEqualTo("FAILED");
        assertThat(failed.path("failureReason").asText()).contains(Clamd.SIGNATURE);
        assertThat(failed.path("url").isNull()).isTrue();
        awaitGone(storageKey);
        assertProblem(complete(alice, mediaId), 400, "upload-rejected");
        assertProblem(sendMedia(alice, openDirect(alice, bob), "infected-1", mediaId), 400, "media-not-attachable");
        assertProblem(client.get("/api/v1/media/" + mediaId, bob.accessToken()), 404, "not-found");
    }

    @Test
    void aCleanFileBecomesReadyAndCanBeSentAndDownloaded() {
        byte[] png = MediaFixtures.png(400, 300);
        Response session = startSession(alice, "cat.png", "image/png", png.length, "image");
        assertThat(s3.put(session.text("uploadUrl"), png, "image/png").status()).isEqualTo(200);
        String mediaId = session.text("mediaId");
        Response completed = complete(alice, mediaId);
        assertThat(completed.status()).isEqualTo(200);
        assertThat(completed.text("status")).isIn("PROCESSING", "READY");

        JsonNode ready = client.awaitMedia(alice, mediaId, media -> "READY".equals(media.path("status").asText()),
                Duration.ofSeconds(30));
        assertThat(ready.path("hasThumbnail").asBoolean()).as("scanned, then thumbnailed").isTrue();
        assertThat(sendMedia(alice, openDirect(alice, bob), "clean-1", mediaId).status()).isEqualTo(201);
        JsonNode forBob = client.awaitMedia(bob, mediaId, media -> media.hasNonNull("url"), Duration.ofSeconds(20));
        assertThat(s3.get(forBob.path("url").asText()).body()).isEqualTo(png);
    }

    @Test
    void whileClamdIsDownMediaStaysProcessingAndIsScannedOnceItIsBack() throws Exception {
        CLAMD.stop();
        String mediaId = uploadDocument(alice, "notes.txt", "Nothing to see here\n".getBytes(StandardCharsets.US_ASCII));
        String conversation = openDirect(alice, bob);

        Thread.sleep(1500);
        JsonNode processing = client.get("/api/v1/media/" + mediaId, alice.accessToken()).body();
        assertThat(processing.path("status").asText()).isEqualTo("PROCESSING");
        assertThat(processing.path("url").isNull()).as("no download before the scan").isTrue();
        assertProblem(sendMedia(alice, conversation, "early-1", mediaId), 400, "media-not-attachable");

        CLAMD.start();
        // the processor retries with a growing back-off (1 s, 2 s, 4 s, …)
        client.awaitMedia(alice, mediaId, media -> "READY".equals(media.path("status").asText()), Duration.ofSeconds(60));
        assertThat(sendMedia(alice, conversation, "late-1", mediaId).status()).isEqualTo(201);
    }

    @Test
    void aFileLargerThanClamdScansFails() {
        byte[] large = new byte[2 * 1024 * 1024];
        Arrays.fill(large, (byte) 'a');
        String mediaId = uploadDocument(alice, "long.txt", large);

        JsonNode failed = client.awaitMedia(alice, mediaId, media -> !"PROCESSING".equals(media.path("status").asText()),
                Duration.ofSeconds(30));
        assertThat(failed.path("status").asText()).isEqualTo("FAILED");
        assertThat(failed.path("failureReason").asText()).contains("larger than");
        assertProblem(sendMedia(alice, openDirect(alice, bob), "large-1", mediaId), 400, "media-not-attachable");
    }

    // ---------------------------------------------------------------- helpers

    /** Uploads and completes a text document: verification passes, processing (the scan) follows. */
    private String uploadDocument(Session owner, String fileName, byte[] content) {
        Response session = startSession(owner, fileName, "text/plain", content.length, "document");
        assertThat(session.status()).as("%s", session).isEqualTo(201);
        assertThat(s3.put(session.text("uploadUrl"), content, "text/plain").status()).isEqualTo(200);
        Response completed = complete(owner, session.text("mediaId"));
        assertThat(completed.status()).as("%s", completed).isEqualTo(200);
        assertThat(completed.text("status")).isIn("PROCESSING", "READY", "FAILED");
        return session.text("mediaId");
    }

    private Response startSession(Session owner, String fileName, String fileType, long fileSize, String mediaType) {
        return client.post("/api/v1/media/upload-session", owner.accessToken(),
                Map.of("fileName", fileName, "fileType", fileType, "fileSize", fileSize, "mediaType", mediaType));
    }

    private Response complete(Session owner, String mediaId) {
        return client.post("/api/v1/media/" + mediaId + "/complete", owner.accessToken(), null);
    }

    private Response sendMedia(Session sender, String conversation, String clientMessageId, String mediaId) {
        return client.post("/api/v1/conversations/" + conversation + "/messages", sender.accessToken(),
                Map.of("clientMessageId", clientMessageId, "mediaId", mediaId));
    }

    private String openDirect(Session from, Session to) {
        return client.post("/api/v1/conversations/direct", from.accessToken(), Map.of("peerUserId", to.userId()))
                .text("conversationId");
    }

    private void awaitGone(String storageKey) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (storage.stat(storageKey).isPresent()) {
            assertThat(Instant.now()).as("%s removed from storage in time", storageKey).isBefore(deadline);
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
