package io.parley.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.platform.testing.SocketClient;
import io.parley.standalone.ParleyClient.Response;
import io.parley.standalone.ParleyClient.Session;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where CDN links are configured, messages reach members with their media's signed links: in history pages, in live
 * {@code message} frames and in a resume's catch-up; each link fetches the bytes from Parley's own {@code /media-cdn/}
 * (no base URL configured: this origin). Without a secret there are none ({@link MessageWithoutCdnLinksTest}).
 */
@SpringBootTest(classes = StandaloneApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MessageCdnLinksTest {

    private static final Path DATA_DIR = StandaloneTest.newDataDir();

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("parley.data-dir", DATA_DIR::toString);
        registry.add("parley.media.cdn.secret", () -> UUID.randomUUID() + "-" + UUID.randomUUID());
    }

    @LocalServerPort
    int port;

    private final MediaStorageClient s3 = new MediaStorageClient();
    private final HttpClient http = HttpClient.newHttpClient();
    private ParleyClient client;
    private Session alice;
    private Session bob;

    @BeforeEach
    void users() {
        client = new ParleyClient(port);
        alice = client.registerAndLogin(StandaloneTest.uniqueName("alice"));
        bob = client.registerAndLogin(StandaloneTest.uniqueName("bob"));
    }

    @Test
    void historyPagesLiveFramesAndCatchUpCarryCdnLinksThatFetchTheBytes() throws Exception {
        byte[] png = MediaFixtures.png(640, 480);
        String mediaId = uploadedWithThumbnail(alice, png);
        String conversation = client.post("/api/v1/conversations/direct", alice.accessToken(),
                Map.of("peerUserId", bob.userId())).text("conversationId");

        JsonNode live;
        try (SocketClient bobPhone = live(bob)) {
            assertThat(client.post("/api/v1/conversations/" + conversation + "/messages", alice.accessToken(),
                    Map.of("clientMessageId", "cdn-live", "mediaId", mediaId)).status()).isEqualTo(201);
            assertThat(client.post("/api/v1/conversations/" + conversation + "/messages", alice.accessToken(),
                    Map.of("clientMessageId", "cdn-text", "text", "no media here")).status()).isEqualTo(201);
            live = bobPhone.await(frame -> frame.path("type").asText().equals("message")
                    && frame.path("seq").asLong() == 1, Duration.ofSeconds(10));
            JsonNode text = bobPhone.await(frame -> frame.path("type").asText().equals("message")
                    && frame.path("seq").asLong() == 2, Duration.ofSeconds(10));
            assertThat(text.has("media")).isFalse();
        }
        assertLinksFetch(live.path("media"), mediaId, png);

        JsonNode history = awaitHistory(client, bob, conversation, 2);
        JsonNode message = history.get(0);
        assertThat(message.path("seq").asLong()).isEqualTo(1);
        assertLinksFetch(message.path("media"), mediaId, png);
        assertThat(history.get(1).hasNonNull("media")).as("a text message has no media").isFalse();

        try (SocketClient bobLaptop = SocketClient.connect(port, bob.accessToken())) {
            bobLaptop.send(Map.of("type", "resume", "id", "catch-up", "positions", Map.of(conversation, 0)));
            JsonNode caughtUp = bobLaptop.await(frame -> frame.path("type").asText().equals("message")
                    && frame.path("seq").asLong() == 1, Duration.ofSeconds(10));
            assertLinksFetch(caughtUp.path("media"), mediaId, png);
        }

        Session carol = client.registerAndLogin(StandaloneTest.uniqueName("carol"));
        assertThat(client.get("/api/v1/conversations/" + conversation + "/messages", carol.accessToken()).status())
                .as("no history, so no links, for a non-member").isIn(403, 404);
    }

    @Test
    void aMediaWithoutThumbnailHasNoThumbnailLink() throws Exception {
        byte[] pdf = "%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n".getBytes();
        Response session = client.post("/api/v1/media/upload-session", alice.accessToken(), Map.of("fileName",
                "notes.pdf", "fileType", "application/pdf", "fileSize", pdf.length, "mediaType", "document"));
        assertThat(session.status()).isEqualTo(201);
        String mediaId = session.text("mediaId");
        assertThat(s3.put(session.text("uploadUrl"), pdf, "application/pdf").status()).isEqualTo(200);
        assertThat(client.post("/api/v1/media/" + mediaId + "/complete", alice.accessToken(), null).status())
                .isEqualTo(200);
        String conversation = client.post("/api/v1/conversations/direct", alice.accessToken(),
                Map.of("peerUserId", bob.userId())).text("conversationId");
        assertThat(client.post("/api/v1/conversations/" + conversation + "/messages", alice.accessToken(),
                Map.of("clientMessageId", "cdn-doc", "mediaId", mediaId)).status()).isEqualTo(201);

        JsonNode media = awaitHistory(client, bob, conversation, 1).get(0).path("media");
        assertThat(media.path("cdnUrl").asText()).startsWith("/media-cdn/" + mediaId + "?expires=");
        assertThat(media.has("cdnThumbnailUrl")).isFalse();
        HttpResponse<byte[]> download = get(media.path("cdnUrl").asText());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(pdf);
    }

    // ---------------------------------------------------------------- helpers

    /** The reader's first history page once it has {@code count} messages (the read model follows the writes). */
    static JsonNode awaitHistory(ParleyClient client, Session reader, String conversation, int count)
            throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(20);
        while (true) {
            Response page = client.get("/api/v1/conversations/" + conversation + "/messages", reader.accessToken());
            // 404 until the read model has the conversation
            assertThat(page.status()).isIn(200, 404);
            if (page.status() == 200 && page.body().path("messages").size() >= count) {
                return page.body().path("messages");
            }
            assertThat(Instant.now()).as("history of " + conversation).isBefore(deadline);
            Thread.sleep(100);
        }
    }

    private void assertLinksFetch(JsonNode media, String mediaId, byte[] bytes) throws Exception {
        assertThat(media.path("mediaId").asText()).isEqualTo(mediaId);
        assertThat(media.path("cdnUrl").asText()).startsWith("/media-cdn/" + mediaId + "?expires=");
        assertThat(media.path("cdnThumbnailUrl").asText()).startsWith("/media-cdn/" + mediaId + "/thumbnail?expires=");
        assertThat(Instant.parse(media.path("cdnUrlExpiresAt").asText())).isAfter(Instant.now().plusSeconds(3000));
        HttpResponse<byte[]> download = get(media.path("cdnUrl").asText());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(bytes);
        HttpResponse<byte[]> thumbnail = get(media.path("cdnThumbnailUrl").asText());
        assertThat(thumbnail.statusCode()).isEqualTo(200);
        assertThat(thumbnail.headers().firstValue("Content-Type")).hasValue("image/jpeg");
    }

    /** Uploaded, completed and processed far enough to have its thumbnail (which a message then says it has). */
    private String uploadedWithThumbnail(Session owner, byte[] png) throws InterruptedException {
        Response session = client.post("/api/v1/media/upload-session", owner.accessToken(),
                Map.of("fileName", "sunset.png", "fileType", "image/png", "fileSize", png.length, "mediaType", "image"));
        String mediaId = session.text("mediaId");
        assertThat(s3.put(session.text("uploadUrl"), png, "image/png").status()).isEqualTo(200);
        assertThat(client.post("/api/v1/media/" + mediaId + "/complete", owner.accessToken(), null).status())
                .isEqualTo(200);
        Instant deadline = Instant.now().plusSeconds(20);
        while (!client.get("/api/v1/media/" + mediaId, owner.accessToken()).body().hasNonNull("thumbnailUrl")) {
            assertThat(Instant.now()).as("the thumbnail of " + mediaId).isBefore(deadline);
            Thread.sleep(100);
        }
        return mediaId;
    }

    /** Connected and resumed with nothing to catch up: live from here. */
    private SocketClient live(Session session) throws InterruptedException {
        return SocketClient.live(port, session.accessToken(), Duration.ofSeconds(10));
    }

    /** A link as a client follows it: relative ones from Parley's own origin. */
    private HttpResponse<byte[]> get(String link) throws Exception {
        String url = link.startsWith("/") ? "http://127.0.0.1:" + port + link : link;
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }
}
