package io.parley.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.api.account.UserId;
import io.parley.api.conversation.ConversationId;
import io.parley.gateway.membership.Memberships;
import io.parley.platform.testing.SocketClient;
import io.parley.standalone.ParleyClient.Session;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What one socket frame may cost the gateway: bounded look-ups, nothing remembered about what does not exist. */
class SocketLimitsTest extends StandaloneTest {

    private static final int MAX_RESUME_POSITIONS = 1000;

    @Autowired
    Memberships memberships;

    private Session alice;
    private Session bob;
    private String conversation;

    @BeforeEach
    void aliceAndBobChat() {
        alice = client.registerAndLogin(uniqueName("alice"));
        bob = client.registerAndLogin(uniqueName("bob"));
        conversation = client.post("/api/v1/conversations/direct", alice.accessToken(), Map.of("peerUserId", bob.userId()))
                .text("conversationId");
        client.post("/api/v1/conversations/" + conversation + "/messages", bob.accessToken(),
                Map.of("clientMessageId", "c-1", "text", "while you were away"));
    }

    @Test
    void aResumeNamingTooManyConversationsIsRefusedAndAFittingOneStillWorks() throws Exception {
        Map<String, Long> tooMany = new LinkedHashMap<>();
        for (int i = 0; i <= MAX_RESUME_POSITIONS; i++) {
            tooMany.put(UUID.randomUUID().toString(), 0L);
        }
        try (SocketClient phone = SocketClient.connect(port, alice.accessToken())) {
            phone.send(Map.of("type", "resume", "id", "big", "positions", tooMany));
            JsonNode refused = phone.await(frame -> frame.path("id").asText().equals("big"), Duration.ofSeconds(10));
            assertThat(refused.path("type").asText()).isEqualTo("error");
            assertThat(refused.path("status").asInt()).isEqualTo(400);
            assertThat(refused.path("problemType").asText()).isEqualTo("urn:parley:problem:invalid-frame");
            assertThat(phone.collect("error", Duration.ofMillis(500))).as("no per-id look-up happened").isEmpty();

            phone.send(Map.of("type", "resume", "id", "ok", "positions", Map.of(conversation, 0L)));
            JsonNode message = phone.await("message");
            assertThat(message.path("text").asText()).isEqualTo("while you were away");
            phone.await(frame -> frame.path("type").asText().equals("ack") && frame.path("id").asText().equals("ok"),
                    Duration.ofSeconds(10));
        }
    }

    @Test
    void unknownAndForeignIdsInAResumeDoNotStopTheCatchUpOfTheOthers() throws Exception {
        Map<String, Long> positions = new LinkedHashMap<>();
        positions.put(UUID.randomUUID().toString(), 3L);
        positions.put(bob.userId(), 0L);
        positions.put(alice.userId(), 0L);
        positions.put(conversation, 0L);
        positions.put("not even a uuid", 0L);
        try (SocketClient phone = SocketClient.connect(port, alice.accessToken())) {
            phone.send(Map.of("type", "resume", "id", "mixed", "positions", positions));
            JsonNode message = phone.await("message");
            assertThat(message.path("conversationId").asText()).isEqualTo(conversation);
            JsonNode ack = phone.await(frame -> frame.path("id").asText().equals("mixed"), Duration.ofSeconds(10));
            assertThat(ack.path("type").asText()).isEqualTo("ack");
        }
    }

    @Test
    void typingForConversationsThatDoNotExistLeavesNothingBehind() throws Exception {
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            unknown.add(UUID.randomUUID().toString());
        }
        unknown.add(bob.userId());
        int held = memberships.size();
        try (SocketClient phone = SocketClient.connect(port, alice.accessToken())) {
            phone.send(Map.of("type", "resume", "id", "go", "positions", Map.of(conversation, 1L)));
            phone.await(frame -> frame.path("id").asText().equals("go"), Duration.ofSeconds(10));
            for (String id : unknown) {
                phone.send(Map.of("type", "typing", "id", "t-" + id, "conversationId", id, "state", "start"));
                JsonNode refused = phone.await(frame -> frame.path("id").asText().equals("t-" + id), Duration.ofSeconds(10));
                assertThat(refused.path("type").asText()).isEqualTo("error");
                assertThat(refused.path("status").asInt()).isEqualTo(403);
            }
        }
        assertThat(memberships.size()).isEqualTo(held);
        assertThat(unknown).allMatch(id -> memberships.of(ConversationId.of(id)).isEmpty());
        assertThat(memberships.isMember(ConversationId.of(conversation), UserId.of(alice.userId()))).isTrue();
    }
}
