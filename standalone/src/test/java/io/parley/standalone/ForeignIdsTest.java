package io.parley.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.platform.testing.SocketClient;
import io.parley.standalone.ParleyClient.Response;
import io.parley.standalone.ParleyClient.Session;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.parley.standalone.QueryAccessTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Ids of another kind of thing (a user, a media item, a conversation) where one kind is expected: 4xx, never 500. */
@ExtendWith(OutputCaptureExtension.class)
class ForeignIdsTest extends StandaloneTest {

    private Session alice;
    private Session bob;
    private String direct;
    private String mediaId;

    @BeforeEach
    void aliceBobTheirChatAndAMediaItem() {
        alice = client.registerAndLogin(uniqueName("alice"));
        bob = client.registerAndLogin(uniqueName("bob"));
        direct = client.post("/api/v1/conversations/direct", alice.accessToken(), Map.of("peerUserId", bob.userId()))
                .text("conversationId");
        mediaId = client.post("/api/v1/media/upload-session", alice.accessToken(), Map.of("fileName", "a.png",
                "fileType", "image/png", "fileSize", 100, "mediaType", "image")).text("mediaId");
        assertThat(mediaId).isNotBlank();
    }

    @Test
    void anotherKindOfIdAsAConversationIsNotFound(CapturedOutput log) {
        for (String notAConversation : List.of(alice.userId(), bob.userId(), mediaId)) {
            String path = "/api/v1/conversations/" + notAConversation;
            assertProblem(client.post(path + "/messages", alice.accessToken(),
                    Map.of("clientMessageId", "c-1", "text", "hello?")), 404, "not-found");
            assertProblem(client.post(path + "/read", alice.accessToken(), Map.of("upToSeq", 0)), 404, "not-found");
            assertProblem(client.post(path + "/delivered", alice.accessToken(), Map.of("upToSeq", 0)), 404, "not-found");
            assertProblem(client.post(path + "/members", alice.accessToken(), Map.of("userIds", List.of(bob.userId()))),
                    404, "not-found");
            assertProblem(client.delete(path + "/members/" + alice.userId(), alice.accessToken()), 404, "not-found");
        }
        assertThat(log.getAll()).doesNotContain("failed unexpectedly").doesNotContain("\tat org.axonframework");
    }

    @Test
    void aConversationIdAsARefreshTokensOwnerIsAnInvalidToken(CapturedOutput log) {
        for (String notAUser : List.of(direct, mediaId)) {
            assertProblem(client.post("/api/v1/auth/refresh", null,
                    Map.of("refreshToken", notAUser + ".c2VjcmV0", "deviceId", "phone")), 401, "invalid-refresh-token");
        }
        assertThat(client.post("/api/v1/auth/refresh", null,
                Map.of("refreshToken", alice.refreshToken(), "deviceId", "phone")).status()).isEqualTo(200);
        assertThat(log.getAll()).doesNotContain("failed unexpectedly").doesNotContain("\tat org.axonframework");
    }

    @Test
    void anotherKindOfIdOverTheSocketIsAnErrorFrame(CapturedOutput log) throws Exception {
        try (SocketClient socket = SocketClient.connect(port, alice.accessToken())) {
            socket.send(Map.of("type", "resume", "id", "go", "positions", Map.of()));
            socket.await(frame -> frame.path("id").asText().equals("go"), Duration.ofSeconds(10));
            int n = 0;
            for (String notAConversation : List.of(alice.userId(), bob.userId(), mediaId)) {
                for (Map<String, Object> frame : List.<Map<String, Object>>of(
                        Map.of("type", "send", "conversationId", notAConversation, "clientMessageId", "c-1", "text", "hi"),
                        Map.of("type", "read", "conversationId", notAConversation, "upToSeq", 0),
                        Map.of("type", "delivered", "conversationId", notAConversation, "upToSeq", 0))) {
                    String id = "f" + n++;
                    Map<String, Object> withId = new HashMap<>(frame);
                    withId.put("id", id);
                    socket.send(withId);
                    JsonNode answer = socket.await(f -> f.path("id").asText().equals(id), Duration.ofSeconds(10));
                    assertThat(answer.path("type").asText()).as(answer.toString()).isEqualTo("error");
                    assertThat(answer.path("status").asInt()).as(answer.toString()).isEqualTo(404);
                    assertThat(answer.path("problemType").asText()).isEqualTo("urn:parley:problem:conversation-not-found");
                }
            }
        }
        assertThat(log.getAll()).doesNotContain("failed unexpectedly").doesNotContain("\tat org.axonframework");
    }

    @Test
    void onlyRegisteredUsersCanBeMembers() {
        String group = client.post("/api/v1/conversations/groups", alice.accessToken(),
                Map.of("title", "real people", "memberIds", List.of(bob.userId()))).text("conversationId");
        for (String notAUser : List.of(direct, group, mediaId)) {
            assertProblem(client.post("/api/v1/conversations/groups", alice.accessToken(),
                    Map.of("title", "ghosts", "memberIds", List.of(notAUser))), 404, "user-not-found");
            assertProblem(client.post("/api/v1/conversations/" + group + "/members", alice.accessToken(),
                    Map.of("userIds", List.of(notAUser))), 404, "user-not-found");
            assertProblem(client.post("/api/v1/conversations/direct", alice.accessToken(),
                    Map.of("peerUserId", notAUser)), 404, "user-not-found");
        }
    }
}
