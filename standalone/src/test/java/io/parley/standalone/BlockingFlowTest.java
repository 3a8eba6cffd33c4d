package io.parley.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.platform.testing.SocketClient;
import io.parley.standalone.ParleyClient.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Blocking over HTTP and WebSocket against the standalone app: a blocked user cannot open a direct chat with the
 * blocker, send into their existing one (nor can the blocker, until unblocking), or add the blocker to a group.
 */
class BlockingFlowTest extends MessageActionsFlow {

    @Test
    void aBlockedDirectChatTakesNoMessagesEitherWayUntilUnblocked() throws Exception {
        String direct = openDirect(alice.accessToken(), bob.userId());
        assertThat(sendTo(direct, bob.accessToken(), "b1", "hi").status()).isEqualTo(201);

        assertThat(client.put(block(bob.userId()), alice.accessToken(), null).status()).isEqualTo(204);

        assertProblem(sendTo(direct, bob.accessToken(), "b2", "hello?"), 403, "blocked");
        assertProblem(sendTo(direct, alice.accessToken(), "a1", "hello?"), 403, "blocked");
        try (SocketClient bobPhone = live(bob)) {
            bobPhone.send(Map.of("type", "send", "id", "s1", "conversationId", direct, "clientMessageId", "b3",
                    "text", "hello??"));
            assertErrorFrame(ackOf(bobPhone, "s1"), 403, "blocked");
        }
        assertThat(client.put(block(bob.userId()), alice.accessToken(), null).status()).as("again").isEqualTo(204);

        assertThat(client.delete(block(bob.userId()), alice.accessToken()).status()).isEqualTo(204);
        assertThat(sendTo(direct, bob.accessToken(), "b4", "friends again?").status()).isEqualTo(201);
    }

    @Test
    void theBlockedUserCannotOpenADirectChatWithTheBlocker() {
        assertThat(client.put(block(carol.userId()), alice.accessToken(), null).status()).isEqualTo(204);

        assertProblem(client.post("/api/v1/conversations/direct", carol.accessToken(),
                Map.of("peerUserId", alice.userId())), 403, "blocked");

        assertThat(client.delete(block(carol.userId()), alice.accessToken()).status()).isEqualTo(204);
        Response opened = client.post("/api/v1/conversations/direct", carol.accessToken(),
                Map.of("peerUserId", alice.userId()));
        assertThat(opened.status()).as(opened.toString()).isIn(200, 201);
    }

    @Test
    void theBlockedUserCannotAddTheBlockerToAGroup() {
        assertThat(client.put(block(dave.userId()), alice.accessToken(), null).status()).isEqualTo(204);

        assertProblem(client.post("/api/v1/conversations/groups", dave.accessToken(),
                Map.of("title", "Trap", "memberIds", List.of(alice.userId()))), 403, "blocked");
        Response created = client.post("/api/v1/conversations/groups", dave.accessToken(),
                Map.of("title", "Club", "memberIds", List.of(bob.userId())));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertProblem(client.post("/api/v1/conversations/" + created.text("conversationId") + "/members",
                dave.accessToken(), Map.of("userIds", List.of(alice.userId()))), 403, "blocked");

        Response added = client.post("/api/v1/conversations/" + group + "/members", alice.accessToken(),
                Map.of("userIds", List.of(dave.userId())));
        assertThat(added.status()).as("the blocker may still add the blocked user").isEqualTo(204);
    }

    @Test
    void blockingIsOnlyOfAnotherKnownUser() {
        assertProblem(client.put(block("no-such-user"), alice.accessToken(), null), 404, "user-not-found");
        assertProblem(client.put(block(alice.userId()), alice.accessToken(), null), 400, "cannot-talk-to-self");
        assertThat(client.delete(block(carol.userId()), bob.accessToken()).status())
                .as("unblocking someone never blocked").isEqualTo(204);
    }

    /** Alice blocks Bob; Carol, in their group too, sees both as before. */
    @Test
    void neitherGetsTheOthersPresenceOrTyping() throws Exception {
        assertThat(client.put(block(bob.userId()), alice.accessToken(), null).status()).isEqualTo(204);
        try (SocketClient carolPhone = live(carol)) {
            long after = send(carol, "after the block");
            frame(carolPhone, "message", after); // the gateway learnt of the block before it (one ordered stream)

            try (SocketClient alicePhone = SocketClient.connect(port, alice.accessToken());
                 SocketClient bobPhone = SocketClient.connect(port, bob.accessToken())) {
                alicePhone.send(Map.of("type", "resume", "id", "go-live", "positions", Map.of()));
                bobPhone.send(Map.of("type", "resume", "id", "go-live", "positions", Map.of()));
                carolPhone.await(f -> f.path("type").asText().equals("presence")
                        && f.path("userId").asText().equals(bob.userId()) && f.path("online").asBoolean(), WAIT);
                bobPhone.send(Map.of("type", "typing", "conversationId", group, "state", "start"));
                alicePhone.send(Map.of("type", "typing", "conversationId", group, "state", "start"));
                carolPhone.await(f -> f.path("type").asText().equals("typing")
                        && f.path("userId").asText().equals(bob.userId()), WAIT);
                carolPhone.await(f -> f.path("type").asText().equals("typing")
                        && f.path("userId").asText().equals(alice.userId()), WAIT);

                assertThat(alicePhone.collectAll(Duration.ofSeconds(1))).as("alice's frames")
                        .noneMatch(f -> about(f, bob.userId()));
                assertThat(bobPhone.collectAll(Duration.ofMillis(200))).as("bob's frames")
                        .noneMatch(f -> about(f, alice.userId()));
            }
        }
    }

    /** What each was shown of the other before the block does not linger: both are told the other is offline. */
    @Test
    void onlineWhenTheBlockComesEachSeesTheOtherGoOffline() throws Exception {
        try (SocketClient alicePhone = live(alice); SocketClient bobPhone = live(bob)) {
            assertThat(client.put(block(bob.userId()), alice.accessToken(), null).status()).isEqualTo(204);

            JsonNode bobForAlice = alicePhone.await(f -> f.path("type").asText().equals("presence")
                    && f.path("userId").asText().equals(bob.userId()) && !f.path("online").asBoolean(), WAIT);
            assertThat(bobForAlice.path("lastSeen").isMissingNode() || bobForAlice.path("lastSeen").isNull()).isTrue();
            bobPhone.await(f -> f.path("type").asText().equals("presence")
                    && f.path("userId").asText().equals(alice.userId()) && !f.path("online").asBoolean(), WAIT);
        }
    }

    /** Over REST as on sockets: neither learns when the other was last seen while one blocks the other. */
    @Test
    void lastSeenIsNotShownEitherWayWhileOneBlocksTheOther() throws Exception {
        live(alice).close();
        live(bob).close();
        QueryFlowTest.await(() -> lastSeen(bob, aliceName), Objects::nonNull);
        QueryFlowTest.await(() -> lastSeen(alice, bobName), Objects::nonNull);

        assertThat(client.put(block(bob.userId()), alice.accessToken(), null).status()).isEqualTo(204);

        QueryFlowTest.await(() -> lastSeen(bob, aliceName), Objects::isNull);
        assertThat(lastSeen(alice, bobName)).as("the blocker does not see the blocked one's either").isNull();
        assertThat(lastSeen(carol, aliceName)).as("others in the group still do").isNotNull();

        assertThat(client.delete(block(bob.userId()), alice.accessToken()).status()).isEqualTo(204);
        QueryFlowTest.await(() -> lastSeen(bob, aliceName), Objects::nonNull);
        assertThat(lastSeen(alice, bobName)).isNotNull();
    }

    private String lastSeen(ParleyClient.Session asker, String username) {
        Response user = client.get("/api/v1/users/" + username, asker.accessToken());
        assertThat(user.status()).as(user.toString()).isEqualTo(200);
        return user.text("lastSeen");
    }

    private static boolean about(JsonNode frame, String userId) {
        return List.of("presence", "typing").contains(frame.path("type").asText())
                && frame.path("userId").asText().equals(userId);
    }

    private static String block(String userId) {
        return "/api/v1/blocks/" + userId;
    }

    private String openDirect(String accessToken, String peer) {
        Response opened = client.post("/api/v1/conversations/direct", accessToken, Map.of("peerUserId", peer));
        assertThat(opened.status()).as(opened.toString()).isIn(200, 201);
        return opened.text("conversationId");
    }

    private Response sendTo(String conversation, String accessToken, String clientMessageId, String text) {
        return client.post("/api/v1/conversations/" + conversation + "/messages", accessToken,
                Map.of("clientMessageId", clientMessageId, "text", text));
    }
}
