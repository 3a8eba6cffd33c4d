package io.parley.standalone;

import io.parley.api.media.MediaId;
import io.parley.media.asset.MediaRecord;
import io.parley.media.asset.MediaRecords;
import io.parley.media.storage.ObjectStorage;
import io.parley.standalone.ParleyClient.Response;
import io.parley.standalone.ParleyClient.Session;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.parley.standalone.MediaFlowTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sessions that are not completed in time: short-lived here, so that the test can watch them run out. Other settings
 * make this an application of its own, so it has a data directory of its own too: the embedded stores lock theirs
 * (which is why it does not extend {@link StandaloneTest}, whose directory is shared).
 */
@SpringBootTest(classes = StandaloneApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"parley.media.upload.session-ttl=8s", "parley.media.expiry.check-every=PT0.5S"})
class MediaExpiryTest {

    private static final int MIB = 1024 * 1024;
    private static final Path DATA_DIR = StandaloneTest.newDataDir();

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("parley.data-dir", DATA_DIR::toString);
    }

    @LocalServerPort
    int port;
    ParleyClient client;

    @BeforeEach
    void connect() {
        client = new ParleyClient(port);
    }

    @Autowired
    MediaRecords records;
    @Autowired
    ObjectStorage storage;

    private final MediaStorageClient s3 = new MediaStorageClient();

    @Test
    void abandonedSessionsExpireAndWhatWasUploadedIsRemoved() throws Exception {
        Session alice = client.registerAndLogin(StandaloneTest.uniqueName("alice"));
        byte[] png = MediaFixtures.png(100, 100);
        Response single = client.post("/api/v1/media/upload-session", alice.accessToken(),
                Map.of("fileName", "a.png", "fileType", "image/png", "fileSize", png.length, "mediaType", "image"));
        // each upload right after its session: the URLs last 8 s here, which a busy machine soon uses up
        assertThat(s3.put(single.text("uploadUrl"), png, "image/png").status()).isEqualTo(200);
        byte[] video = MediaFixtures.mp4(6 * MIB, 3);
        Response multipart = client.post("/api/v1/media/upload-session", alice.accessToken(),
                Map.of("fileName", "v.mp4", "fileType", "video/mp4", "fileSize", video.length, "mediaType", "video"));
        List<String> partUrls = new ArrayList<>();
        multipart.body().path("partUrls").forEach(url -> partUrls.add(url.asText()));
        String firstPart = s3.put(partUrls.get(0), Arrays.copyOf(video, 5 * MIB), "video/mp4").etag();
        String singleKey = records.find(MediaId.of(single.text("mediaId"))).orElseThrow().storageKey();
        assertThat(storage.stat(singleKey)).isPresent();

        awaitExpired(alice, single.text("mediaId"));
        awaitExpired(alice, multipart.text("mediaId"));

        awaitRemoved(singleKey);
        assertThat(s3.put(single.text("uploadUrl"), png, "image/png").status()).as("the URL has expired").isEqualTo(403);
        // (a part URL is not checked here: S3Proxy still answers 200 to a part PUT after an abort, unlike S3)
        assertProblem(client.post("/api/v1/media/" + single.text("mediaId") + "/complete", alice.accessToken(), null),
                410, "upload-session-expired");
        assertProblem(client.post("/api/v1/media/" + multipart.text("mediaId") + "/complete-multipart", alice.accessToken(),
                Map.of("uploadId", multipart.text("uploadId"), "parts", List.of(Map.of("partNumber", 1, "etag", firstPart),
                        Map.of("partNumber", 2, "etag", firstPart)))), 410, "upload-session-expired");
        String multipartKey = records.find(MediaId.of(multipart.text("mediaId"))).orElseThrow().storageKey();
        assertThat(storage.stat(multipartKey)).isEmpty();
    }

    @Test
    void whatIsPutAtAnUploadUrlAfterCompletingIsRemovedWhenTheUrlStopsWorking() throws Exception {
        Session bob = client.registerAndLogin(StandaloneTest.uniqueName("bob"));
        byte[] png = MediaFixtures.png(50, 50);
        Response session = client.post("/api/v1/media/upload-session", bob.accessToken(),
                Map.of("fileName", "b.png", "fileType", "image/png", "fileSize", png.length, "mediaType", "image"));
        assertThat(s3.put(session.text("uploadUrl"), png, "image/png").status()).isEqualTo(200);
        assertThat(client.post("/api/v1/media/" + session.text("mediaId") + "/complete", bob.accessToken(), null)
                .status()).isEqualTo(200);
        MediaRecord record = records.find(MediaId.of(session.text("mediaId"))).orElseThrow();
        assertThat(storage.stat(record.uploadKey())).as("the upload is removed once copied").isEmpty();

        byte[] late = Arrays.copyOf("<html>late</html>".getBytes(StandardCharsets.UTF_8), png.length);
        s3.put(session.text("uploadUrl"), late, "image/png");
        awaitRemoved(record.uploadKey());
        assertThat(storage.stat(record.storageKey())).as("the verified copy stays").isPresent();
    }

    private void awaitExpired(Session owner, String mediaId) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!"EXPIRED".equals(client.get("/api/v1/media/" + mediaId, owner.accessToken()).text("status"))) {
            assertThat(Instant.now()).as("%s expired in time", mediaId).isBefore(deadline);
            Thread.sleep(200);
        }
    }

    private void awaitRemoved(String key) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (storage.stat(key).isPresent()) {
            assertThat(Instant.now()).as("%s removed in time", key).isBefore(deadline);
            Thread.sleep(200);
        }
    }
}
