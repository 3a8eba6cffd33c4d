package io.parley.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.platform.testing.SocketClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Delete for everyone (a tombstone for all) and delete for me (hidden for the caller), over HTTP and WebSocket. */
class DeletionTest extends MessageActionsFlow {

    @Test
    void theSenderDeletesForEveryoneAndMembersSeeATombstone() throws Exception {
        long seq = send(alice, "Oops, wrong group");
        client.put(message(seq) + "/reaction", bob.accessToken(), Map.of("emoji", "😂"));
        try (SocketClient bobPhone = live(bob)) {
            assertThat(client.delete(message(seq), alice.accessToken()).status()).isEqualTo(204);

            JsonNode deleted = frame(bobPhone, "deleted", seq);
            assertThat(deleted.path("deletedBy").asText()).isEqualTo(alice.userId());
        }

        JsonNode tombstone = at(history(carol, page -> at(page, seq).path("deleted").asBoolean()), seq);
        assertThat(tombstone.path("text").isNull()).isTrue();
        assertThat(tombstone.path("media").isNull()).isTrue();
        assertThat(tombstone.path("reactions")).isEmpty();
        assertThat(tombstone.path("senderId").asText()).isEqualTo(alice.userId());
        JsonNode list = QueryFlowTest.find(client.get("/api/v1/conversations", bob.accessToken()).body()
                .path("conversations"), c -> c.path("conversationId").asText().equals(group));
        assertThat(list.path("lastMessage").path("text").isNull()).as("the list's preview").isTrue();
    }

    @Test
    void quotesOfADeletedMessageSayDeletedAndRepliesToItAreAllowed() {
        long original = send(alice, "Something regrettable");
        long earlyReply = send(bob, Map.of("clientMessageId", "b1", "text", "hm", "replyTo", original));
        assertThat(client.delete(message(original), alice.accessToken()).status()).isEqualTo(204);

        long lateReply = send(carol, Map.of("clientMessageId", "c1", "text", "what was it?", "replyTo", original));

        JsonNode page = history(alice, p -> at(p, lateReply).has("replyTo")
                && at(p, earlyReply).path("replyTo").path("deleted").asBoolean());
        for (long reply : new long[]{earlyReply, lateReply}) {
            JsonNode quote = at(page, reply).path("replyTo");
            assertThat(quote.path("deleted").asBoolean()).isTrue();
            assertThat(quote.path("text").isNull()).isTrue();
            assertThat(quote.path("senderId").asText()).isEqualTo(alice.userId());
        }
    }

    @Test
    void aGroupAdminMayDeleteAnyonesMessageOtherMembersMayNot() {
        long bobs = send(bob, "spam");

        assertProblem(client.delete(message(bobs), carol.accessToken()), 403, "not-your-message");
        assertProblem(client.delete(message(bobs), dave.accessToken()), 403, "not-a-member");
        assertThat(client.delete(message(bobs), alice.accessToken()).status()).as("alice is the admin").isEqualTo(204);
        assertThat(client.delete(message(bobs), bob.accessToken()).status()).as("again: nothing changes").isEqualTo(204);
        assertThat(at(history(bob, page -> at(page, bobs).path("deleted").asBoolean()), bobs).path("text").isNull())
                .isTrue();
    }

    @Test
    void aDeletedMessageCannotBeReactedToOrEdited() {
        long seq = send(alice, "Gone soon");
        assertThat(client.delete(message(seq), alice.accessToken()).status()).isEqualTo(204);

        assertProblem(client.put(message(seq) + "/reaction", bob.accessToken(), Map.of("emoji", "👍")), 409,
                "message-deleted");
        assertProblem(client.patch(message(seq), alice.accessToken(), Map.of("text", "back")), 409, "message-deleted");
        assertProblem(client.delete(message(seq + 1), alice.accessToken()), 404, "message-not-found");
        assertProblem(client.delete(message(seq) + "?for=nobody", alice.accessToken()), 400, "invalid-request");
    }

    @Test
    void deleteForMeHidesItForTheCallerOnlyOnAllTheirDevices() throws Exception {
        long seq = send(alice, "Not for everyone's eyes");
        try (SocketClient bobLaptop = live(client.login(bobName, "laptop"));
             SocketClient bobPhone = live(bob); SocketClient alicePhone = live(alice)) {
            bobPhone.send(Map.of("type", "delete", "id", "d1", "conversationId", group, "seq", seq, "for", "me"));
            assertThat(ackOf(bobPhone, "d1").path("type").asText()).isEqualTo("ack");

            frame(bobLaptop, "hidden", seq);
            assertThat(alicePhone.collect("hidden", Duration.ofMillis(500))).isEmpty();
        }

        JsonNode forBob = at(history(bob, page -> at(page, seq).path("hidden").asBoolean()), seq);
        assertThat(forBob.path("text").isNull()).isTrue();
        JsonNode forCarol = at(history(carol, page -> at(page, seq).has("text")), seq);
        assertThat(forCarol.path("text").asText()).isEqualTo("Not for everyone's eyes");
        assertThat(forCarol.path("hidden").asBoolean()).isFalse();
    }
}
