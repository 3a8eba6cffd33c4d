package io.parley.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.platform.testing.SocketClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A device offline while messages were reacted to, edited and deleted resumes with its last seq and last change, and
 * ends with the same state as a device that was online (as the history shows it).
 */
class MessageChangesResumeTest extends MessageActionsFlow {

    @Test
    void aDeviceThatWasOfflineCatchesUpOnReactionsEditsAndDeletions() throws Exception {
        long keep = send(alice, "Plan A");
        long edit = send(alice, "Meet at 6");
        long delete = send(bob, "Bad idea");
        long change;
        Map<Long, JsonNode> seenBeforeGoingOffline = new HashMap<>();
        try (SocketClient carolPhone = SocketClient.connect(port, carol.accessToken())) {
            carolPhone.send(Map.of("type", "resume", "id", "r0", "positions", Map.of()));
            List<JsonNode> frames = framesUntilAck(carolPhone, "r0");
            frames.stream().filter(f -> f.path("type").asText().equals("message"))
                    .forEach(f -> seenBeforeGoingOffline.put(f.path("seq").asLong(), f));
            JsonNode marker = frames.stream().filter(f -> f.path("type").asText().equals("changes")
                    && f.path("conversationId").asText().equals(group)).findFirst().orElseThrow();
            change = marker.path("upToChange").asLong();
        }
        assertThat(seenBeforeGoingOffline).containsOnlyKeys(keep, edit, delete);

        // carol is offline: one reaction taken back, one kept, an edit, a deletion, and a new message
        client.put(message(keep) + "/reaction", bob.accessToken(), Map.of("emoji", "👍"));
        client.put(message(keep) + "/reaction", alice.accessToken(), Map.of("emoji", "❤️"));
        client.delete(message(keep) + "/reaction", alice.accessToken());
        client.put(message(delete) + "/reaction", alice.accessToken(), Map.of("emoji", "😢"));
        assertThat(client.patch(message(edit), alice.accessToken(), Map.of("text", "Meet at 7")).status()).isEqualTo(204);
        assertThat(client.delete(message(delete), bob.accessToken()).status()).isEqualTo(204);
        long later = send(bob, "See you");
        JsonNode online = history(alice, page -> at(page, delete).path("deleted").asBoolean() && at(page, later).has("text"));

        try (SocketClient carolPhone = SocketClient.connect(port, carol.accessToken())) {
            carolPhone.send(Map.of("type", "resume", "id", "r1", "positions", Map.of(group, delete),
                    "changes", Map.of(group, change)));
            List<JsonNode> frames = framesUntilAck(carolPhone, "r1");

            Map<Long, JsonNode> state = new HashMap<>(seenBeforeGoingOffline);
            long upToChange = change;
            for (JsonNode frame : frames) {
                if (frame.path("type").asText().equals("message")) {
                    state.put(frame.path("seq").asLong(), frame);
                } else if (frame.path("type").asText().equals("changes")) {
                    frame.path("messages").forEach(m -> state.put(m.path("seq").asLong(), m));
                    upToChange = frame.path("upToChange").asLong();
                }
            }
            assertThat(state).containsOnlyKeys(keep, edit, delete, later);
            assertThat(reactions(state.get(keep))).isEqualTo(Map.of("👍", 1));
            assertThat(state.get(edit).path("text").asText()).isEqualTo("Meet at 7");
            assertThat(state.get(edit).path("editedAt").asText()).isNotBlank();
            assertThat(state.get(delete).path("deleted").asBoolean()).isTrue();
            assertThat(state.get(delete).path("text").isNull() || state.get(delete).path("text").isMissingNode()).isTrue();
            assertThat(reactions(state.get(delete))).isEmpty();
            assertThat(upToChange).isEqualTo(online.path("lastChange").asLong()).isEqualTo(change + 6);
            for (long seq : new long[]{keep, edit, delete, later}) {
                JsonNode asOnline = at(online, seq);
                assertThat(state.get(seq).path("text").asText(null)).as("seq %d", seq)
                        .isEqualTo(asOnline.path("text").asText(null));
                assertThat(reactions(state.get(seq))).isEqualTo(counts(asOnline));
            }
        }
    }

    @Test
    void aChangePositionForAConversationYouAreNotInIsAnErrorFrame() throws Exception {
        String other = client.post("/api/v1/conversations/groups", dave.accessToken(),
                Map.of("title", "Dave's", "memberIds", List.of())).text("conversationId");
        try (SocketClient carolPhone = SocketClient.connect(port, carol.accessToken())) {
            carolPhone.send(Map.of("type", "resume", "id", "r1", "positions", Map.of(other, 0),
                    "changes", Map.of(other, 0)));

            JsonNode error = carolPhone.await(f -> f.path("type").asText().equals("error"), WAIT);
            assertErrorFrame(error, 403, "not-a-member");
            carolPhone.send(Map.of("type", "resume", "id", "r2", "changes", Map.of(group, -1)));
            assertErrorFrame(ackOf(carolPhone, "r2"), 400, "invalid-frame");
        }
    }

    private static Map<String, Integer> reactions(JsonNode message) {
        return counts(message);
    }

    private static List<JsonNode> framesUntilAck(SocketClient socket, String id) throws InterruptedException {
        List<JsonNode> frames = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode frame : socket.collectAll(Duration.ofMillis(100))) {
                frames.add(frame);
                if (frame.path("type").asText().equals("ack") && frame.path("id").asText().equals(id)) {
                    return frames;
                }
            }
        }
        throw new AssertionError("no ack of " + id + " in " + frames);
    }
}
