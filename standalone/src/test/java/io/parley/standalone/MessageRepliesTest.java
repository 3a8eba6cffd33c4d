package io.parley.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.platform.testing.SocketClient;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Reply/quote: a send with {@code replyTo}, over HTTP and WebSocket, against the standalone app. */
class MessageRepliesTest extends MessageActionsFlow {

    @Test
    void aReplyOverTheSocketCarriesTheQuoteLiveAndInHistory() throws Exception {
        long question = send(alice, "Where shall we eat?");
        history(alice, page -> at(page, question).has("text"));
        try (SocketClient alicePhone = live(alice); SocketClient bobPhone = live(bob)) {
            bobPhone.send(Map.of("type", "send", "id", "r1", "conversationId", group, "clientMessageId", "b1",
                    "text", "The noodle place", "replyTo", question));
            assertThat(ackOf(bobPhone, "r1").path("type").asText()).isEqualTo("ack");

            JsonNode live = alicePhone.await("message");
            assertThat(live.path("replyTo").path("seq").asLong()).isEqualTo(question);
            assertThat(live.path("replyTo").path("senderId").asText()).isEqualTo(alice.userId());
            assertThat(live.path("replyTo").path("text").asText()).isEqualTo("Where shall we eat?");
            assertThat(live.path("replyTo").path("deleted").asBoolean()).isFalse();
        }
        JsonNode page = history(carol, p -> at(p, question + 1).has("replyTo"));
        JsonNode quote = at(page, question + 1).path("replyTo");
        assertThat(quote.path("senderId").asText()).isEqualTo(alice.userId());
        assertThat(quote.path("text").asText()).isEqualTo("Where shall we eat?");
    }

    @Test
    void aReplyToALongTextQuotesAPreviewOf120Characters() {
        long longOne = send(alice, "x".repeat(500));
        history(bob, page -> at(page, longOne).has("text"));

        long reply = send(bob, Map.of("clientMessageId", "b1", "text", "tl;dr?", "replyTo", longOne));

        JsonNode quote = at(history(alice, page -> at(page, reply).has("replyTo")), reply).path("replyTo");
        assertThat(quote.path("text").asText()).hasSize(120);
    }

    @Test
    void theHistoryQuotesTheQuotedMessageAsItIsNowWhenItWasEdited() {
        long original = send(alice, "Meet at 12");
        long reply = send(bob, Map.of("clientMessageId", "b1", "text", "ok", "replyTo", original));
        assertThat(client.patch(message(original), alice.accessToken(), Map.of("text", "Meet at 1")).status())
                .isEqualTo(204);

        JsonNode quote = at(history(carol, page -> "Meet at 1".equals(at(page, reply).path("replyTo")
                .path("text").asText())), reply).path("replyTo");
        assertThat(quote.path("senderId").asText()).isEqualTo(alice.userId());
    }

    @Test
    void replyingToAnUnknownSeqIs400OverRestAndAnErrorFrameOnTheSocket() throws Exception {
        long only = send(alice, "hi");

        for (long seq : new long[]{0, only + 1, 1_000}) {
            assertProblem(client.post(messages(), bob.accessToken(),
                    Map.of("clientMessageId", "b" + seq, "text", "?", "replyTo", seq)), 400, "reply-to-unknown");
        }
        try (SocketClient bobPhone = live(bob)) {
            bobPhone.send(Map.of("type", "send", "id", "r1", "conversationId", group, "clientMessageId", "b9",
                    "text", "?", "replyTo", 99));
            assertErrorFrame(ackOf(bobPhone, "r1"), 400, "reply-to-unknown");
            bobPhone.send(Map.of("type", "send", "id", "r2", "conversationId", group, "clientMessageId", "b10",
                    "text", "?", "replyTo", "1"));
            assertErrorFrame(ackOf(bobPhone, "r2"), 400, "invalid-frame");
        }
    }

    @Test
    void aNonMemberCannotReply() {
        long only = send(alice, "members only");

        assertProblem(client.post(messages(), dave.accessToken(),
                Map.of("clientMessageId", "d1", "text", "me too", "replyTo", only)), 403, "not-a-member");
    }
}
