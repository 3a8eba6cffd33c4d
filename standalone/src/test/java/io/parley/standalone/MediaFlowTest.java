package io.parley.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.api.media.MediaId;
import io.parley.media.asset.MediaRecords;
import io.parley.media.storage.ObjectStorage;
import io.parley.standalone.MediaStorageClient.Result;
import io.parley.standalone.ParleyClient.Response;
import io.parley.standalone.ParleyClient.Session;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Uploads and downloads over real HTTP: Parley hands out presigned URLs, the bytes go to the embedded S3 server. */
class MediaFlowTest extends StandaloneTest {

    private static final int MIB = 1024 * 1024;

    @Autowired
    MediaRecords records;
    @Autowired
    ObjectStorage storage;

    private final MediaStorageClient s3 = new MediaStorageClient();
    private Session alice;
    private Session bob;

    @BeforeEach
    void twoUsers() {
        alice = client.registerAndLogin(uniqueName("alice"));
        bob = client.registerAndLogin(uniqueName("bob"));
    }

    @Test
    void smallImageGoesStraightToStorageAndGetsAThumbnail() throws Exception {
        byte[] png = MediaFixtures.png(800, 600);
        // a PNG called .jpg and declared as JPEG is still an image
        Response session = startSession(alice, "holiday.jpg", "image/jpeg", png.length, "image");
        assertThat(session.status()).isEqualTo(201);
        assertThat(session.text("uploadUrl")).startsWith("http://127.0.0.1:");
        assertThat(session.text("expiresAt")).isNotBlank();
        assertThat(session.body().path("partUrls").isMissingNode() || session.body().path("partUrls").isNull()).isTrue();
        String mediaId = session.text("mediaId");

        assertThat(s3.put(session.text("uploadUrl"), png, "image/jpeg").status()).isEqualTo(200);
        Response completed = complete(alice, mediaId);
        assertThat(completed.status()).isEqualTo(200);
        assertThat(completed.text("status")).isIn("PROCESSING", "READY");
        assertThat(completed.text("contentType")).isEqualTo("image/png");
        assertThat(completed.body().path("size").asLong()).isEqualTo(png.length);
        assertThat(completed.text("checksum")).isNotBlank();

        Response again = complete(alice, mediaId);
        assertThat(again.status()).as("completing again answers the same").isEqualTo(200);
        assertThat(again.text("checksum")).isEqualTo(completed.text("checksum"));

        JsonNode ready = client.awaitMedia(alice, mediaId, media -> "READY".equals(media.path("status").asText()));
        assertThat(ready.path("hasThumbnail").asBoolean()).isTrue();
        assertThat(s3.get(ready.path("url").asText()).body()).isEqualTo(png);
        Result thumbnail = s3.get(ready.path("thumbnailUrl").asText());
        assertThat(thumbnail.status()).isEqualTo(200);
        BufferedImage small = ImageIO.read(new ByteArrayInputStream(thumbnail.body()));
        assertThat(small.getWidth()).isEqualTo(320);
        assertThat(small.getHeight()).isEqualTo(240);

        var record = records.find(MediaId.of(mediaId)).orElseThrow();
        assertThat(record.uploadKey()).matches("uploads/image/" + alice.userId() + "/\\d+-" + mediaId + "\\.jpg");
        assertThat(record.storageKey()).as("the verified copy")
                .matches("image/" + alice.userId() + "/\\d+-[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}\\.jpg");
        assertThat(storage.stat(record.uploadKey())).as("the upload is removed once copied").isEmpty();
    }

    @Test
    void twelveMegabytesGoUpInThreePartsWithOnePartRetried() throws Exception {
        byte[] video = MediaFixtures.mp4(12 * MIB, 42);
        Response session = startSession(alice, "clip.mp4", "video/mp4", video.length, "video");
        assertThat(session.status()).isEqualTo(201);
        assertThat(session.text("uploadUrl")).isNull();
        assertThat(session.text("uploadId")).isNotBlank();
        long partSize = session.body().path("partSize").asLong();
        assertThat(partSize).isEqualTo(5 * MIB);
        assertThat(session.body().path("totalParts").asInt()).isEqualTo(3);
        List<String> partUrls = new ArrayList<>();
        session.body().path("partUrls").forEach(url -> partUrls.add(url.asText()));
        assertThat(partUrls).hasSize(3);

        List<Map<String, Object>> parts = new ArrayList<>();
        for (int part = 1; part <= 3; part++) {
            byte[] bytes = Arrays.copyOfRange(video, (int) ((part - 1) * partSize), (int) Math.min(video.length, part * partSize));
            if (part == 2) {
                // a part of another length than its URL was signed for is refused by storage
                assertThat(s3.put(partUrls.get(1), Arrays.copyOf(bytes, MIB), "video/mp4").status()).isEqualTo(403);
                // a first attempt that went wrong (bytes mangled, say): the client simply puts the part again
                assertThat(s3.put(partUrls.get(1), new byte[bytes.length], "video/mp4").status()).isEqualTo(200);
            }
            Result put = s3.put(partUrls.get(part - 1), bytes, "video/mp4");
            assertThat(put.status()).isEqualTo(200);
            parts.add(Map.of("partNumber", part, "etag", put.etag()));
        }
        Response completed = client.post("/api/v1/media/" + session.text("mediaId") + "/complete-multipart",
                alice.accessToken(), Map.of("uploadId", session.text("uploadId"), "parts", List.of(parts.get(2), parts.get(0), parts.get(1))));
        assertThat(completed.status()).isEqualTo(200);
        assertThat(completed.body().path("size").asLong()).isEqualTo(video.length);
        assertThat(completed.text("contentType")).isEqualTo("video/mp4");

        JsonNode ready = client.awaitMedia(alice, session.text("mediaId"), media -> "READY".equals(media.path("status").asText()));
        assertThat(ready.path("hasThumbnail").asBoolean()).isFalse();
        byte[] downloaded = s3.get(ready.path("url").asText()).body();
        assertThat(sha256(downloaded)).isEqualTo(sha256(video));
    }

    @Test
    void completingWithAWrongOrMissingPartIsRefusedAndCanBeRetried() {
        byte[] video = MediaFixtures.mp4(6 * MIB, 7);
        Response session = startSession(alice, "clip.mp4", "video/mp4", video.length, "video");
        String mediaId = session.text("mediaId");
        String uploadId = session.text("uploadId");
        List<String> urls = new ArrayList<>();
        session.body().path("partUrls").forEach(url -> urls.add(url.asText()));
        String first = s3.put(urls.get(0), Arrays.copyOf(video, 5 * MIB), "video/mp4").etag();

        assertProblem(client.post("/api/v1/media/" + mediaId + "/complete-multipart", alice.accessToken(),
                Map.of("uploadId", uploadId, "parts", List.of(Map.of("partNumber", 1, "etag", first)))), 400, "invalid-request");
        assertProblem(client.post("/api/v1/media/" + mediaId + "/complete-multipart", alice.accessToken(),
                Map.of("uploadId", uploadId, "parts", List.of(Map.of("partNumber", 1, "etag", first),
                        Map.of("partNumber", 2, "etag", "0123456789abcdef0123456789abcdef")))), 409, "upload-incomplete");
        assertProblem(client.post("/api/v1/media/" + mediaId + "/complete-multipart", alice.accessToken(),
                Map.of("uploadId", "not-this-one", "parts", List.of())), 400, "invalid-request");

        String second = s3.put(urls.get(1), Arrays.copyOfRange(video, 5 * MIB, video.length), "video/mp4").etag();
        Response completed = client.post("/api/v1/media/" + mediaId + "/complete-multipart", alice.accessToken(),
                Map.of("uploadId", uploadId, "parts", List.of(Map.of("partNumber", 1, "etag", first),
                        Map.of("partNumber", 2, "etag", second))));
        assertThat(completed.status()).isEqualTo(200);
    }

    @Test
    void storageTakesOnlyTheDeclaredSizeAndType() {
        byte[] png = MediaFixtures.png(200, 100);
        Response session = startSession(alice, "pic.png", "image/png", png.length + 10, "image");
        String mediaId = session.text("mediaId");
        assertThat(s3.put(session.text("uploadUrl"), png, "image/png").status()).as("another size").isEqualTo(403);
        assertProblem(complete(alice, mediaId), 409, "upload-incomplete");

        byte[] padded = Arrays.copyOf(png, png.length + 10);
        assertThat(s3.put(session.text("uploadUrl"), padded, "image/jpeg").status()).as("another type").isEqualTo(403);
        assertThat(s3.put(session.text("uploadUrl"), padded, "image/png").status()).isEqualTo(200);
        assertThat(complete(alice, mediaId).status()).as("trailing bytes do not make a PNG any less").isEqualTo(200);
    }

    @Test
    void executablesInDisguiseAreRefusedAndDeleted() {
        for (byte[] executable : List.of(MediaFixtures.elf(4096), MediaFixtures.exe(4096))) {
            Response session = startSession(alice, "cute-cat.jpg", "image/jpeg", executable.length, "image");
            String mediaId = session.text("mediaId");
            assertThat(s3.put(session.text("uploadUrl"), executable, "image/jpeg").status()).isEqualTo(200);

            Response refused = complete(alice, mediaId);
            assertProblem(refused, 400, "upload-rejected");
            assertThat(refused.text("detail")).contains("application/");
            assertThat(storage.stat(keyOf(mediaId))).isEmpty();
            assertProblem(sendMedia(alice, openDirect(alice, bob), "x-" + mediaId, mediaId, null), 400, "media-not-attachable");
        }
    }

    @Test
    void completingBeforeUploadingIsRefusedUntilTheBytesAreThere() {
        byte[] png = MediaFixtures.png(50, 50);
        Response session = startSession(alice, "pic.png", "image/png", png.length, "image");
        String mediaId = session.text("mediaId");

        assertProblem(complete(alice, mediaId), 409, "upload-incomplete");
        assertProblem(complete(bob, mediaId), 404, "not-found");
        assertProblem(client.post("/api/v1/media/" + mediaId + "/complete-multipart", alice.accessToken(),
                Map.of("uploadId", "u", "parts", List.of())), 400, "invalid-request");

        s3.put(session.text("uploadUrl"), png, "image/png");
        assertThat(complete(alice, mediaId).status()).isEqualTo(200);
    }

    @Test
    void tamperedUrlsAreRefusedByStorage() {
        byte[] png = MediaFixtures.png(60, 60);
        Response session = startSession(alice, "pic.png", "image/png", png.length, "image");
        String url = session.text("uploadUrl");

        assertThat(s3.put(tamperSignature(url), png, "image/png").status()).isEqualTo(403);
        assertThat(s3.put(url.replace("/image/", "/video/"), png, "image/png").status())
                .as("another key with the same signature").isEqualTo(403);
        assertThat(s3.put(url.replaceAll("X-Amz-Expires=\\d+", "X-Amz-Expires=604800"), png, "image/png").status())
                .as("a longer validity").isEqualTo(403);
        assertThat(s3.put(url, png, "image/png").status()).isEqualTo(200);
        complete(alice, session.text("mediaId"));

        String download = client.get("/api/v1/media/" + session.text("mediaId"), alice.accessToken()).text("url");
        assertThat(s3.get(download).status()).isEqualTo(200);
        assertThat(s3.get(tamperSignature(download)).status()).isEqualTo(403);
        assertThat(s3.get(download.substring(0, download.indexOf('?'))).status()).as("unsigned").isEqualTo(403);
    }

    @Test
    void membersOfTheConversationMayDownloadOthersMayNot() {
        String mediaId = uploadedImage(alice);
        Session eve = client.registerAndLogin(uniqueName("eve"));
        String conversation = openDirect(alice, bob);

        assertProblem(client.get("/api/v1/media/" + mediaId, bob.accessToken()), 404, "not-found");
        Response sent = sendMedia(alice, conversation, "m-1", mediaId, "look at this");
        assertThat(sent.status()).isEqualTo(201);

        JsonNode forBob = client.awaitMedia(bob, mediaId, media -> media.hasNonNull("url"));
        assertThat(s3.get(forBob.path("url").asText()).status()).isEqualTo(200);
        assertProblem(client.get("/api/v1/media/" + mediaId, eve.accessToken()), 404, "not-found");
        assertThat(client.get("/api/v1/media/" + mediaId, null).status()).isEqualTo(401);
        assertProblem(client.get("/api/v1/media/no-such-media", alice.accessToken()), 404, "not-found");
    }

    @Test
    void groupMembersLoseAccessWhenTheyLeave() {
        Session carol = client.registerAndLogin(uniqueName("carol"));
        String group = client.post("/api/v1/conversations/groups", alice.accessToken(),
                Map.of("title", "Team", "memberIds", List.of(bob.userId(), carol.userId()))).text("conversationId");
        String mediaId = uploadedImage(alice);
        assertThat(sendMedia(alice, group, "g-1", mediaId, null).status()).isEqualTo(201);
        client.awaitMedia(carol, mediaId, media -> media.hasNonNull("url"));

        assertThat(client.delete("/api/v1/conversations/" + group + "/members/" + carol.userId(), carol.accessToken())
                .status()).isEqualTo(204);
        awaitStatus(carol, mediaId, 404);
        assertThat(client.get("/api/v1/media/" + mediaId, bob.accessToken()).status()).isEqualTo(200);
    }

    @Test
    void onlyTheOwnersUploadedMediaCanBeAttached() {
        String conversation = openDirect(alice, bob);
        String uploaded = uploadedImage(alice);
        Response pending = startSession(alice, "later.png", "image/png", 100, "image");

        assertProblem(sendMedia(bob, conversation, "b-1", uploaded, "mine now"), 400, "media-not-attachable");
        assertProblem(sendMedia(alice, conversation, "a-1", pending.text("mediaId"), "not yet"), 400, "media-not-attachable");
        assertProblem(sendMedia(alice, conversation, "a-2", "no-such-media", null), 400, "media-not-attachable");

        Response sent = sendMedia(alice, conversation, "a-3", uploaded, null);
        assertThat(sent.status()).as("a media needs no caption").isEqualTo(201);
        assertThat(sendMedia(alice, conversation, "a-4", uploaded, "again, with a caption").status()).isEqualTo(201);
        assertProblem(sendMedia(alice, conversation, "a-5", uploaded, "x".repeat(4097)), 400, "text-invalid");
    }

    @Test
    void badUploadSessionsAreRefusedWithProblems() {
        assertProblem(startSession(alice, "a.exe", "application/x-msdownload", 100, "document"), 400, "media-type-not-allowed");
        assertProblem(startSession(alice, "a.png", "image/png", 100, "sticker"), 400, "media-type-not-allowed");
        assertProblem(startSession(alice, "a.png", "video/mp4", 100, "image"), 400, "media-type-not-allowed");
        assertProblem(startSession(alice, "a.png", "image/png", 17L * MIB, "image"), 400, "media-too-large");
        assertProblem(startSession(alice, "a.png", "image/png", 0, "image"), 400, "invalid-request");
        assertProblem(startSession(alice, "a.png", "image/png", -5, "image"), 400, "invalid-request");
        Map<String, Object> noSize = new HashMap<>(Map.of("fileName", "a.png", "fileType", "image/png", "mediaType", "image"));
        assertProblem(client.post("/api/v1/media/upload-session", alice.accessToken(), noSize), 400, "invalid-request");
        Response malformed = client.postRaw("/api/v1/media/upload-session", alice.accessToken(), "{not json");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.contentType()).startsWith("application/problem+json");
        assertThat(client.post("/api/v1/media/upload-session", null, noSize).status()).isEqualTo(401);
    }

    @Test
    void fileNamesWithPathTricksAreHarmless() {
        Response session = startSession(alice, "../../../etc/passwd\u0000.png", "image/png", 100, "image");
        assertThat(session.status()).isEqualTo(201);
        String mediaId = session.text("mediaId");
        assertThat(keyOf(mediaId)).startsWith("uploads/image/" + alice.userId() + "/").endsWith(mediaId + ".png").doesNotContain("..");
        assertThat(client.get("/api/v1/media/" + mediaId, alice.accessToken()).text("fileName")).isEqualTo("passwd.png");
    }

    // ---------------------------------------------------------------- helpers

    private String uploadedImage(Session owner) {
        byte[] png = MediaFixtures.png(400, 300);
        Response session = startSession(owner, "pic.png", "image/png", png.length, "image");
        assertThat(s3.put(session.text("uploadUrl"), png, "image/png").status()).isEqualTo(200);
        assertThat(complete(owner, session.text("mediaId")).status()).isEqualTo(200);
        return session.text("mediaId");
    }

    private Response startSession(Session owner, String fileName, String fileType, long fileSize, String mediaType) {
        return client.post("/api/v1/media/upload-session", owner.accessToken(),
                Map.of("fileName", fileName, "fileType", fileType, "fileSize", fileSize, "mediaType", mediaType));
    }

    private Response complete(Session owner, String mediaId) {
        return client.post("/api/v1/media/" + mediaId + "/complete", owner.accessToken(), null);
    }

    private Response sendMedia(Session sender, String conversation, String clientMessageId, String mediaId, String text) {
        Map<String, Object> body = new HashMap<>(Map.of("clientMessageId", clientMessageId, "mediaId", mediaId));
        if (text != null) {
            body.put("text", text);
        }
        return client.post("/api/v1/conversations/" + conversation + "/messages", sender.accessToken(), body);
    }

    private String openDirect(Session from, Session to) {
        return client.post("/api/v1/conversations/direct", from.accessToken(), Map.of("peerUserId", to.userId()))
                .text("conversationId");
    }

    private String keyOf(String mediaId) {
        return records.find(MediaId.of(mediaId)).orElseThrow().storageKey();
    }

    private void awaitStatus(Session reader, String mediaId, int status) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (client.get("/api/v1/media/" + mediaId, reader.accessToken()).status() != status) {
            assertThat(Instant.now()).as("status %d in time", status).isBefore(deadline);
            sleep();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String tamperSignature(String url) {
        int at = url.indexOf("X-Amz-Signature=") + "X-Amz-Signature=".length();
        char c = url.charAt(at);
        return url.substring(0, at) + (c == 'a' ? 'b' : 'a') + url.substring(at + 1);
    }

    static void assertProblem(Response response, int status, String type) {
        assertThat(response.status()).as("status of %s", response).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.problemType()).isEqualTo("urn:parley:problem:" + type);
    }

    private static byte[] sha256(byte[] bytes) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }
}
