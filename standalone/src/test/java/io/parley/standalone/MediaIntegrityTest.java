package io.parley.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegment;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegmentUtil;
import io.parley.standalone.MediaStorageClient.Result;
import io.parley.standalone.ParleyClient.Response;
import io.parley.standalone.ParleyClient.Session;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import javax.imageio.stream.ImageInputStream;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.parley.standalone.MediaFlowTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What recipients download is exactly what Parley verified, less what a photo tells about its taker (EXIF, GPS), and
 * never a web page: uploads are copied to a key no client can write before they are checked, downloads carry the
 * verified type (inline only for images, audio and video), {@code nosniff} and a sandbox, and nobody keeps more than
 * a few uploads pending. Photos show the way up their camera meant, and WebP images get thumbnails too.
 */
class MediaIntegrityTest extends StandaloneTest {

    private static final int MIB = 1024 * 1024;
    private static final int APP1 = 0xFFE1;
    private static final byte[] PAGE = "<html><body><script>alert(document.domain)</script></body></html>"
            .getBytes(StandardCharsets.UTF_8);

    private final MediaStorageClient s3 = new MediaStorageClient();
    private Session alice;
    private Session bob;

    @BeforeEach
    void twoUsers() {
        alice = client.registerAndLogin(uniqueName("alice"));
        bob = client.registerAndLogin(uniqueName("bob"));
    }

    @Test
    void aSecondPutAfterCompletingDoesNotChangeWhatRecipientsGet() {
        byte[] png = MediaFixtures.png(120, 80);
        Response session = startSession(alice, "dot.png", "image/png", png.length, "image");
        String mediaId = session.text("mediaId");
        String uploadUrl = session.text("uploadUrl");
        assertThat(s3.put(uploadUrl, png, "image/png").status()).isEqualTo(200);
        Response completed = complete(alice, mediaId);
        assertThat(completed.status()).isEqualTo(200);
        assertThat(sendMedia(alice, openDirect(alice, bob), "m-1", mediaId).status()).isEqualTo(201);

        // the upload URL works until the session's end (for the declared size and type), but it only ever reaches the
        // upload, not the verified copy
        assertThat(s3.put(uploadUrl, Arrays.copyOf(PAGE, png.length), "image/png").status()).isEqualTo(200);
        assertThat(complete(alice, mediaId).text("checksum")).as("completing again changes nothing")
                .isEqualTo(completed.text("checksum"));

        JsonNode forBob = client.awaitMedia(bob, mediaId, media -> media.hasNonNull("url"));
        Result download = s3.get(forBob.path("url").asText());
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(png);
        assertThat(download.header("Content-Type")).isEqualTo("image/png");
        assertThat(download.header("Content-Length")).isEqualTo(Integer.toString(png.length));
        assertThat(forBob.path("contentType").asText()).isEqualTo("image/png");
        assertThat(forBob.path("size").asLong()).isEqualTo(png.length);
    }

    @Test
    void aSecondPutOfThePartsAfterCompletingDoesNotChangeWhatRecipientsGet() throws Exception {
        byte[] video = MediaFixtures.mp4(6 * MIB, 5);
        Response session = startSession(alice, "clip.mp4", "video/mp4", video.length, "video");
        String mediaId = session.text("mediaId");
        List<String> partUrls = new ArrayList<>();
        session.body().path("partUrls").forEach(url -> partUrls.add(url.asText()));
        List<Map<String, Object>> parts = new ArrayList<>();
        for (int part = 1; part <= partUrls.size(); part++) {
            byte[] bytes = Arrays.copyOfRange(video, (part - 1) * 5 * MIB, Math.min(video.length, part * 5 * MIB));
            parts.add(Map.of("partNumber", part, "etag", s3.put(partUrls.get(part - 1), bytes, "video/mp4").etag()));
        }
        Map<String, Object> completion = Map.of("uploadId", session.text("uploadId"), "parts", parts);
        assertThat(client.post("/api/v1/media/" + mediaId + "/complete-multipart", alice.accessToken(), completion)
                .status()).isEqualTo(200);
        assertThat(sendMedia(alice, openDirect(alice, bob), "v-1", mediaId).status()).isEqualTo(201);

        for (int part = 1; part <= partUrls.size(); part++) {
            byte[] other = Arrays.copyOf(PAGE, Math.min(video.length, part * 5 * MIB) - (part - 1) * 5 * MIB);
            s3.put(partUrls.get(part - 1), other, "text/html");
        }
        assertThat(client.post("/api/v1/media/" + mediaId + "/complete-multipart", alice.accessToken(), completion)
                .status()).isEqualTo(200);

        JsonNode forBob = client.awaitMedia(bob, mediaId, media -> media.hasNonNull("url"));
        Result download = s3.get(forBob.path("url").asText());
        assertThat(download.status()).isEqualTo(200);
        assertThat(sha256(download.body())).isEqualTo(sha256(video));
        assertThat(download.header("Content-Type")).isEqualTo("video/mp4");
        assertThat(download.header("Content-Length")).isEqualTo(Integer.toString(video.length));
    }

    @Test
    void aWebPageThatStartsLikeAPdfIsRefused() {
        byte[] polyglot = MediaFixtures.htmlInPdf();
        Response session = startSession(alice, "report.pdf", "application/pdf", polyglot.length, "document");
        assertThat(s3.put(session.text("uploadUrl"), polyglot, "application/pdf").status()).isEqualTo(200);

        Response refused = complete(alice, session.text("mediaId"));
        assertProblem(refused, 400, "upload-rejected");
        assertThat(refused.text("detail")).contains("markup");
    }

    @Test
    void documentsDownloadAsAttachmentsOfTheVerifiedTypeNamedAfterTheOriginal() {
        byte[] pdf = MediaFixtures.pdf();
        Response session = startSession(alice, "Bericht über \"Q3\".pdf", "application/pdf", pdf.length, "document");
        String mediaId = session.text("mediaId");
        assertThat(s3.put(session.text("uploadUrl"), pdf, "text/html").status()).as("only the declared type")
                .isEqualTo(403);
        assertThat(s3.put(session.text("uploadUrl"), pdf, "application/pdf").status()).isEqualTo(200);
        assertThat(complete(alice, mediaId).text("contentType")).isEqualTo("application/pdf");

        Result download = s3.get(client.awaitMedia(alice, mediaId, media -> media.hasNonNull("url")).path("url").asText());
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(pdf);
        assertThat(download.header("Content-Type")).isEqualTo("application/pdf");
        assertThat(download.header("Content-Disposition"))
                .isEqualTo("attachment; filename=\"Bericht _ber _Q3_.pdf\"; filename*=UTF-8''Bericht%20%C3%BCber%20%22Q3%22.pdf");
        assertPageProof(download);
    }

    @Test
    void imagesDownloadInlineWithTheVerifiedType() {
        byte[] png = MediaFixtures.png(400, 300);
        Response session = startSession(alice, "pic.png", "image/jpeg", png.length, "image");
        String mediaId = session.text("mediaId");
        assertThat(s3.put(session.text("uploadUrl"), png, "image/jpeg").status()).isEqualTo(200);
        assertThat(complete(alice, mediaId).status()).isEqualTo(200);

        JsonNode ready = client.awaitMedia(alice, mediaId, media -> "READY".equals(media.path("status").asText()));
        Result download = s3.get(ready.path("url").asText());
        assertThat(download.body()).isEqualTo(png);
        assertThat(download.header("Content-Type")).as("the sniffed type, not the one declared and put")
                .isEqualTo("image/png");
        assertThat(download.header("Content-Disposition")).isEqualTo("inline; filename=\"pic.png\"; filename*=UTF-8''pic.png");
        assertPageProof(download);
        Result thumbnail = s3.get(ready.path("thumbnailUrl").asText());
        assertThat(thumbnail.header("Content-Type")).isEqualTo("image/jpeg");
        assertThat(thumbnail.header("Content-Disposition")).isEqualTo("inline");
        assertPageProof(thumbnail);
    }

    @Test
    void uploadAnswersCarryTheSameHeaders() {
        Response session = startSession(alice, "pic.png", "image/png", 100, "image");
        String tampered = MediaFlowTest.tamperSignature(session.text("uploadUrl"));
        Result refused = s3.put(tampered, new byte[100], "image/png");
        assertThat(refused.status()).isEqualTo(403);
        assertPageProof(refused);
    }

    @Test
    void aTurnedPhotoReachesRecipientsUprightWithoutItsExifOrGps() throws IOException {
        byte[] photo = MediaFixtures.jpegWithExif(6);
        String mediaId = uploadAndComplete(photo, "image/jpeg", "photo.jpg");
        assertThat(sendMedia(alice, openDirect(alice, bob), "m-1", mediaId).status()).isEqualTo(201);

        JsonNode forBob = client.awaitMedia(bob, mediaId, media -> "READY".equals(media.path("status").asText()));
        Result download = s3.get(forBob.path("url").asText());
        assertThat(download.status()).isEqualTo(200);
        assertThat(appMarkers(download.body())).as("no EXIF segment").doesNotContain(APP1);
        assertThat(new String(download.body(), StandardCharsets.ISO_8859_1)).doesNotContain("Exif");
        assertThat(forBob.path("size").asLong()).as("the size recorded is the size stored")
                .isEqualTo(download.body().length);
        assertThat(download.header("Content-Length")).isEqualTo(Integer.toString(download.body().length));
        assertUpright(ImageIO.read(new ByteArrayInputStream(download.body())), 100, 200);

        Result thumbnail = s3.get(forBob.path("thumbnailUrl").asText());
        assertThat(thumbnail.status()).isEqualTo(200);
        assertUpright(ImageIO.read(new ByteArrayInputStream(thumbnail.body())), 100, 200);
    }

    @Test
    void anUprightPhotoLosesOnlyItsMetadataNotAPixel() throws IOException {
        byte[] photo = MediaFixtures.jpegWithExif(1);
        String mediaId = uploadAndComplete(photo, "image/jpeg", "photo.jpg");
        assertThat(sendMedia(alice, openDirect(alice, bob), "m-1", mediaId).status()).isEqualTo(201);

        JsonNode forBob = client.awaitMedia(bob, mediaId, media -> media.hasNonNull("url"));
        byte[] downloaded = s3.get(forBob.path("url").asText()).body();
        assertThat(downloaded).as("the same JPEG without its EXIF segment, byte for byte")
                .isEqualTo(MediaFixtures.plainJpeg());
        assertThat(forBob.path("size").asLong()).isEqualTo(downloaded.length);
    }

    @Test
    void aWebpImageGetsAThumbnail() throws IOException {
        byte[] webp = MediaFixtures.webp();
        String mediaId = uploadAndComplete(webp, "image/webp", "sticker.webp");

        JsonNode ready = client.awaitMedia(alice, mediaId, media -> "READY".equals(media.path("status").asText()));
        assertThat(ready.path("hasThumbnail").asBoolean()).isTrue();
        assertThat(s3.get(ready.path("url").asText()).body()).as("it had no metadata").isEqualTo(webp);
        Result thumbnail = s3.get(ready.path("thumbnailUrl").asText());
        assertThat(thumbnail.header("Content-Type")).isEqualTo("image/jpeg");
        BufferedImage small = ImageIO.read(new ByteArrayInputStream(thumbnail.body()));
        assertThat(small.getWidth()).as("never scaled up").isEqualTo(200);
        assertThat(small.getHeight()).isEqualTo(100);
        assertThat(reddish(small.getRGB(20, 50))).as("left is red").isTrue();
        assertThat(reddish(small.getRGB(180, 50))).as("right is blue").isFalse();
    }

    @Test
    void aJpegCutShortIsRefused() {
        byte[] photo = MediaFixtures.jpegWithExif(1);
        byte[] cut = Arrays.copyOf(photo, photo.length - 100);
        Response session = startSession(alice, "cut.jpg", "image/jpeg", cut.length, "image");
        assertThat(s3.put(session.text("uploadUrl"), cut, "image/jpeg").status()).isEqualTo(200);

        Response refused = complete(alice, session.text("mediaId"));
        assertProblem(refused, 400, "upload-rejected");
        assertThat(refused.text("detail")).contains("cannot be read");
    }

    @Test
    void pendingUploadSessionsAreCappedPerUser() throws Exception {
        Session carol = client.registerAndLogin(uniqueName("carol"));
        byte[] png = MediaFixtures.png(30, 30);
        List<Response> sessions = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Response session = startSession(carol, "p" + i + ".png", "image/png", png.length, "image");
            assertThat(session.status()).as("session %d", i).isEqualTo(201);
            sessions.add(session);
        }

        HttpResponse<String> over = rawStartSession(carol, png.length);
        assertThat(over.statusCode()).isEqualTo(429);
        assertThat(over.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        assertThat(new ObjectMapper().readTree(over.body()).path("type").asText())
                .isEqualTo("urn:parley:problem:too-many-pending-uploads");
        long retryAfter = Long.parseLong(over.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 15 * 60L);
        assertThat(startSession(alice, "a.png", "image/png", png.length, "image").status())
                .as("others are not held back").isEqualTo(201);

        Response first = sessions.get(0);
        assertThat(s3.put(first.text("uploadUrl"), png, "image/png").status()).isEqualTo(200);
        assertThat(complete(carol, first.text("mediaId")).status()).isEqualTo(200);
        assertThat(startSession(carol, "next.png", "image/png", png.length, "image").status())
                .as("a completed upload frees its place at once").isEqualTo(201);
    }

    // ---------------------------------------------------------------- helpers

    private static void assertPageProof(Result answer) {
        assertThat(answer.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(answer.header("Content-Security-Policy")).isEqualTo("sandbox");
    }

    /** {@link MediaFixtures#halves()} turned 90° clockwise: red on top, blue below. */
    private static void assertUpright(BufferedImage image, int width, int height) {
        assertThat(image.getWidth()).isEqualTo(width);
        assertThat(image.getHeight()).isEqualTo(height);
        assertThat(reddish(image.getRGB(width / 2, height / 10))).as("top is red").isTrue();
        assertThat(reddish(image.getRGB(width / 2, height * 9 / 10))).as("bottom is blue").isFalse();
    }

    private static boolean reddish(int rgb) {
        Color color = new Color(rgb);
        return color.getRed() > 200 && color.getBlue() < 80;
    }

    private static List<Integer> appMarkers(byte[] jpeg) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(jpeg))) {
            return JPEGSegmentUtil.readSegments(in, JPEGSegmentUtil.ALL_SEGMENTS).stream().map(JPEGSegment::marker).toList();
        }
    }

    private String uploadAndComplete(byte[] bytes, String type, String fileName) {
        Response session = startSession(alice, fileName, type, bytes.length, "image");
        assertThat(session.status()).isEqualTo(201);
        assertThat(s3.put(session.text("uploadUrl"), bytes, type).status()).isEqualTo(200);
        assertThat(complete(alice, session.text("mediaId")).status()).isEqualTo(200);
        return session.text("mediaId");
    }

    private Response startSession(Session owner, String fileName, String fileType, long fileSize, String mediaType) {
        return client.post("/api/v1/media/upload-session", owner.accessToken(),
                Map.of("fileName", fileName, "fileType", fileType, "fileSize", fileSize, "mediaType", mediaType));
    }

    /** As {@link #startSession}, with the answer's headers. */
    private HttpResponse<String> rawStartSession(Session owner, long fileSize) throws Exception {
        String body = "{\"fileName\":\"x.png\",\"fileType\":\"image/png\",\"fileSize\":" + fileSize + ",\"mediaType\":\"image\"}";
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/media/upload-session"))
                .header("Authorization", "Bearer " + owner.accessToken()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private Response complete(Session owner, String mediaId) {
        return client.post("/api/v1/media/" + mediaId + "/complete", owner.accessToken(), null);
    }

    private Response sendMedia(Session sender, String conversation, String clientMessageId, String mediaId) {
        Map<String, Object> body = new HashMap<>(Map.of("clientMessageId", clientMessageId, "mediaId", mediaId));
        return client.post("/api/v1/conversations/" + conversation + "/messages", sender.accessToken(), body);
    }

    private String openDirect(Session from, Session to) {
        return client.post("/api/v1/conversations/direct", from.accessToken(), Map.of("peerUserId", to.userId()))
                .text("conversationId");
    }

    private static byte[] sha256(byte[] bytes) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }
}
