package io.parley.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.platform.testing.SocketClient;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Editing over HTTP and WebSocket: the sender, within the window; history shows the latest text and editedAt. */
class EditsTest extends MessageActionsFlow {

    @Test
    void theSenderEditsAndEveryoneSeesTheLatestTextLiveAndInHistory() throws Exception {
        long seq = send(alice, "Lunch at 12");
        try (SocketClient alicePhone = live(alice); SocketClient bobPhone = live(bob)) {
            alicePhone.send(Map.of("type", "edit", "id", "e1", "conversationId", group, "seq", seq, "text", "Lunch at 1"));
            assertThat(ackOf(alicePhone, "e1").path("type").asText()).isEqualTo("ack");

            JsonNode edited = frame(bobPhone, "edited", seq);
            assertThat(edited.path("text").asText()).isEqualTo("Lunch at 1");
            assertThat(edited.path("editedAt").asText()).isNotBlank();
        }
        assertThat(client.patch(message(seq), alice.accessToken(), Map.of("text", "Lunch at 1:30")).status())
                .isEqualTo(204);

        JsonNode shown = at(history(carol, page -> "Lunch at 1:30".equals(at(page, seq).path("text").asText())), seq);
        assertThat(shown.path("editedAt").asText()).isNotBlank();
        JsonNode list = QueryFlowTest.find(client.get("/api/v1/conversations", bob.accessToken()).body()
                .path("conversations"), c -> c.path("conversationId").asText().equals(group));
        assertThat(list.path("lastMessage").path("text").asText()).isEqualTo("Lunch at 1:30");
    }

    @Test
    void onlyTheSenderMayEdit() throws Exception {
        long seq = send(alice, "Mine");
        history(bob, page -> at(page, seq).has("text"));

        assertProblem(client.patch(message(seq), bob.accessToken(), Map.of("text", "Ours")), 403, "not-your-message");
        assertProblem(client.patch(message(seq), dave.accessToken(), Map.of("text", "Ours")), 403, "not-a-member");
        try (SocketClient bobPhone = live(bob)) {
            bobPhone.send(Map.of("type", "edit", "id", "e1", "conversationId", group, "seq", seq, "text", "Ours"));
            assertErrorFrame(ackOf(bobPhone, "e1"), 403, "not-your-message");
        }
    }

    @Test
    void blankOrUnknownEditsAreProblems() {
        long seq = send(alice, "Text");

        assertProblem(client.patch(message(seq), alice.accessToken(), Map.of("text", "  ")), 400, "text-invalid");
        assertProblem(client.patch(message(seq), alice.accessToken(), Map.of("text", "x".repeat(4097))), 400,
                "text-invalid");
        assertProblem(client.patch(message(seq + 1), alice.accessToken(), Map.of("text", "later")), 404,
                "message-not-found");
        assertThat(client.patch(messages() + "/abc", alice.accessToken(), Map.of("text", "x")).status()).isEqualTo(400);
    }
}
