package io.parley.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.platform.testing.SocketClient;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Reactions over HTTP and WebSocket: one emoji per member per message, counts in history, live frames. */
class ReactionsTest extends MessageActionsFlow {

    @Test
    void historyShowsCountsPerEmojiAndTheReadersOwn() {
        long seq = send(alice, "Pizza tonight?");

        assertThat(client.put(message(seq) + "/reaction", alice.accessToken(), Map.of("emoji", "👍")).status()).isEqualTo(204);
        assertThat(client.put(message(seq) + "/reaction", bob.accessToken(), Map.of("emoji", "😂")).status()).isEqualTo(204);
        assertThat(client.put(message(seq) + "/reaction", bob.accessToken(), Map.of("emoji", "👍")).status())
                .as("another emoji replaces the first").isEqualTo(204);
        assertThat(client.put(message(seq) + "/reaction", carol.accessToken(), Map.of("emoji", "❤️")).status()).isEqualTo(204);
        assertThat(client.delete(message(seq) + "/reaction", carol.accessToken()).status()).isEqualTo(204);

        JsonNode forBob = at(history(bob, page -> counts(at(page, seq)).equals(Map.of("👍", 2))), seq);
        assertThat(forBob.path("myReaction").asText()).isEqualTo("👍");
        JsonNode forCarol = at(history(carol, page -> counts(at(page, seq)).equals(Map.of("👍", 2))), seq);
        assertThat(forCarol.path("myReaction").isNull() || forCarol.path("myReaction").isMissingNode()).isTrue();
    }

    @Test
    void reactingAgainWithTheSameEmojiChangesNothing() throws Exception {
        long seq = send(alice, "Same again");
        try (SocketClient alicePhone = live(alice)) {
            client.put(message(seq) + "/reaction", bob.accessToken(), Map.of("emoji", "👍"));
            frame(alicePhone, "reaction", seq);

            assertThat(client.put(message(seq) + "/reaction", bob.accessToken(), Map.of("emoji", "👍")).status())
                    .isEqualTo(204);

            assertThat(alicePhone.collect("reaction", java.time.Duration.ofMillis(700))).isEmpty();
        }
        assertThat(counts(at(history(bob, page -> !counts(at(page, seq)).isEmpty()), seq))).isEqualTo(Map.of("👍", 1));
    }

    @Test
    void membersSeeReactionsLiveWithTheReactionTheyReplace() throws Exception {
        long seq = send(alice, "Movie?");
        try (SocketClient alicePhone = live(alice); SocketClient bobPhone = live(bob)) {
            bobPhone.send(Map.of("type", "react", "id", "x1", "conversationId", group, "seq", seq, "emoji", "😮"));
            assertThat(ackOf(bobPhone, "x1").path("type").asText()).isEqualTo("ack");
            JsonNode first = frame(alicePhone, "reaction", seq);
            assertThat(first.path("userId").asText()).isEqualTo(bob.userId());
            assertThat(first.path("emoji").asText()).isEqualTo("😮");
            assertThat(first.has("replaced")).isFalse();

            bobPhone.send(Map.of("type", "react", "id", "x2", "conversationId", group, "seq", seq, "emoji", "🙏"));
            JsonNode second = frame(alicePhone, "reaction", seq);
            assertThat(second.path("emoji").asText()).isEqualTo("🙏");
            assertThat(second.path("replaced").asText()).isEqualTo("😮");
            assertThat(second.path("change").asLong()).isEqualTo(first.path("change").asLong() + 1);

            bobPhone.send(Map.of("type", "unreact", "id", "x3", "conversationId", group, "seq", seq));
            JsonNode removed = frame(alicePhone, "reaction", seq);
            assertThat(removed.has("emoji")).isFalse();
            assertThat(removed.path("replaced").asText()).isEqualTo("🙏");
        }
    }

    @Test
    void badReactionsAreProblemsOverRestAndErrorFramesOnTheSocket() throws Exception {
        long seq = send(alice, "React to me");

        assertProblem(client.put(message(seq) + "/reaction", bob.accessToken(), Map.of("emoji", "nice")), 400,
                "reaction-invalid");
        assertProblem(client.put(message(seq + 5) + "/reaction", bob.accessToken(), Map.of("emoji", "👍")), 404,
                "message-not-found");
        assertProblem(client.put(message(seq) + "/reaction", dave.accessToken(), Map.of("emoji", "👍")), 403,
                "not-a-member");
        assertProblem(client.delete(message(seq) + "/reaction", dave.accessToken()), 403, "not-a-member");
        try (SocketClient bobPhone = live(bob)) {
            bobPhone.send(Map.of("type", "react", "id", "x1", "conversationId", group, "seq", seq, "emoji", "<b>"));
            assertErrorFrame(ackOf(bobPhone, "x1"), 400, "reaction-invalid");
            bobPhone.send(Map.of("type", "react", "id", "x2", "conversationId", group, "seq", 99, "emoji", "👍"));
            assertErrorFrame(ackOf(bobPhone, "x2"), 404, "message-not-found");
            bobPhone.send(Map.of("type", "react", "id", "x3", "conversationId", group, "seq", seq));
            assertErrorFrame(ackOf(bobPhone, "x3"), 400, "invalid-frame");
        }
    }
}
