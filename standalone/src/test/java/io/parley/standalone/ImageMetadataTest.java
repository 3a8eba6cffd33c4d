package io.parley.standalone;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a photo tells about its taker (EXIF: camera, time, GPS) never reaches its recipients, a photo shows the way
 * up its camera meant, and WebP images get thumbnails too.
 */
class ImageMetadataTest extends StandaloneTest {

    private static final int APP1 = 0xFFE1;

    private final MediaStorageClient s3 = new MediaStorageClient();
    private Session alice;
    private Session bob;

    @BeforeEach
    void twoUsers() {
        alice = client.registerAndLogin(uniqueName("alice"));
        bob = client.registerAndLogin(uniqueName("bob"));
    }

    @Test
    void aTurnedPhotoReachesRecipientsUprightWithoutItsExifOrGps() throws IOException {
        byte[] photo = MediaFixtures.jpegWithExif(6);
        String mediaId = uploadAndComplete(photo, "image/jpeg", "photo.jpg");
        sendTo(bob, mediaId);

        JsonNode forBob = awaitMedia(bob, mediaId, media -> "READY".equals(media.path("status").asText()));
        Result download = s3.get(forBob.path("url").asText());
        assertThat(download.status()).isEqualTo(200);
        assertThat(appMarkers(download.body())).as("no EXIF segment").doesNotContain(APP1);
        assertThat(new String(download.body(), java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("Exif");
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
        sendTo(bob, mediaId);

        JsonNode forBob = awaitMedia(bob, mediaId, media -> media.hasNonNull("url"));
        byte[] downloaded = s3.get(forBob.path("url").asText()).body();
        assertThat(downloaded).as("the same JPEG without its EXIF segment, byte for byte")
                .isEqualTo(MediaFixtures.plainJpeg());
        assertThat(forBob.path("size").asLong()).isEqualTo(downloaded.length);
    }

    @Test
    void aWebpImageGetsAThumbnail() throws IOException {
        byte[] webp = MediaFixtures.webp();
        String mediaId = uploadAndComplete(webp, "image/webp", "sticker.webp");

        JsonNode ready = awaitMedia(alice, mediaId, media -> "READY".equals(media.path("status").asText()));
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
        byte[] cut = java.util.Arrays.copyOf(photo, photo.length - 100);
        Response session = client.post("/api/v1/media/upload-session", alice.accessToken(),
                Map.of("fileName", "cut.jpg", "fileType", "image/jpeg", "fileSize", cut.length, "mediaType", "image"));
        assertThat(s3.put(session.text("uploadUrl"), cut, "image/jpeg").status()).isEqualTo(200);

        Response refused = client.post("/api/v1/media/" + session.text("mediaId") + "/complete", alice.accessToken(), null);
        MediaFlowTest.assertProblem(refused, 400, "upload-rejected");
        assertThat(refused.text("detail")).contains("cannot be read");
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
        Response session = client.post("/api/v1/media/upload-session", alice.accessToken(),
                Map.of("fileName", fileName, "fileType", type, "fileSize", bytes.length, "mediaType", "image"));
        assertThat(session.status()).isEqualTo(201);
        assertThat(s3.put(session.text("uploadUrl"), bytes, type).status()).isEqualTo(200);
        Response completed = client.post("/api/v1/media/" + session.text("mediaId") + "/complete", alice.accessToken(), null);
        assertThat(completed.status()).isEqualTo(200);
        return session.text("mediaId");
    }

    private void sendTo(Session recipient, String mediaId) {
        String conversation = client.post("/api/v1/conversations/direct", alice.accessToken(),
                Map.of("peerUserId", recipient.userId())).text("conversationId");
        assertThat(client.post("/api/v1/conversations/" + conversation + "/messages", alice.accessToken(),
                Map.of("clientMessageId", "m-1", "mediaId", mediaId)).status()).isEqualTo(201);
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
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } while (Instant.now().isBefore(deadline));
        throw new AssertionError("media " + mediaId + " never got there: " + last);
    }
}
