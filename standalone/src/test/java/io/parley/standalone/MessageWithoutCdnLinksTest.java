package io.parley.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.platform.testing.SocketClient;
import io.parley.standalone.ParleyClient.Response;
import io.parley.standalone.ParleyClient.Session;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Without {@code parley.media.cdn.secret} messages carry their media's metadata and no CDN link. */
@SpringBootTest(classes = StandaloneApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MessageWithoutCdnLinksTest extends StandaloneTest {

    private final MediaStorageClient s3 = new MediaStorageClient();

    @Test
    void messagesCarryNoCdnLinks() throws Exception {
        Session alice = client.registerAndLogin(uniqueName("alice"));
        Session bob = client.registerAndLogin(uniqueName("bob"));
        byte[] png = MediaFixtures.png(200, 100);
        Response session = client.post("/api/v1/media/upload-session", alice.accessToken(),
                Map.of("fileName", "pic.png", "fileType", "image/png", "fileSize", png.length, "mediaType", "image"));
        String mediaId = session.text("mediaId");
        assertThat(s3.put(session.text("uploadUrl"), png, "image/png").status()).isEqualTo(200);
        Response completed = client.post("/api/v1/media/" + mediaId + "/complete", alice.accessToken(), null);
        assertThat(completed.status()).isEqualTo(200);
        assertThat(completed.body().path("cdnUrl").isMissingNode() || completed.body().path("cdnUrl").isNull()).isTrue();
        String conversation = client.post("/api/v1/conversations/direct", alice.accessToken(),
                Map.of("peerUserId", bob.userId())).text("conversationId");

        try (SocketClient bobPhone = SocketClient.connect(port, bob.accessToken())) {
            bobPhone.send(Map.of("type", "resume", "id", "go-live", "positions", Map.of()));
            bobPhone.await(frame -> frame.path("id").asText().equals("go-live"), Duration.ofSeconds(10));
            assertThat(client.post("/api/v1/conversations/" + conversation + "/messages", alice.accessToken(),
                    Map.of("clientMessageId", "plain", "mediaId", mediaId)).status()).isEqualTo(201);
            JsonNode frame = bobPhone.await("message");
            assertThat(frame.path("media").path("mediaId").asText()).isEqualTo(mediaId);
            assertNoLinks(frame.path("media"));
        }
        JsonNode media = MessageCdnLinksTest.awaitHistory(client, bob, conversation, 1).get(0).path("media");
        assertThat(media.path("mediaId").asText()).isEqualTo(mediaId);
        assertNoLinks(media);
    }

    private static void assertNoLinks(JsonNode media) {
        assertThat(media.has("cdnUrl")).isFalse();
        assertThat(media.has("cdnThumbnailUrl")).isFalse();
        assertThat(media.has("cdnUrlExpiresAt")).isFalse();
    }
}
