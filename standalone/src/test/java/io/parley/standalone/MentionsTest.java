package io.parley.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.platform.testing.SocketClient;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code @username} in a group message: resolved to members' user ids at send time, live, in history and the list. */
class MentionsTest extends MessageActionsFlow {

    @Test
    void membersMentionedByUsernameAreNamedInTheMessageAndToldInTheirList() throws Exception {
        long seq;
        try (SocketClient bobPhone = live(bob)) {
            seq = send(alice, "@" + bobName.toUpperCase() + " are you coming? cc @" + carolName + " and @" + daveName);

            JsonNode live = bobPhone.await("message");
            assertThat(ids(live.path("mentions"))).containsExactly(bob.userId(), carol.userId());
        }
        JsonNode page = history(carol, p -> at(p, seq).has("mentions"));
        assertThat(ids(at(page, seq).path("mentions"))).as("dave is no member").containsExactly(bob.userId(), carol.userId());

        assertThat(summary(bob, s -> s.path("mentioned").asBoolean()).path("mentioned").asBoolean()).isTrue();
        assertThat(summary(alice, s -> s.path("lastSeq").asLong() == seq).path("mentioned").asBoolean())
                .as("the sender").isFalse();

        assertThat(client.post("/api/v1/conversations/" + group + "/read", bob.accessToken(), Map.of("upToSeq", seq))
                .status()).isEqualTo(204);
        assertThat(summary(bob, s -> !s.path("mentioned").asBoolean()).path("mentioned").asBoolean())
                .as("read: no longer").isFalse();
        assertThat(summary(carol, s -> s.path("mentioned").asBoolean()).path("mentioned").asBoolean()).isTrue();
    }

    @Test
    void aMessageWithoutMentionsHasNone() {
        long seq = send(alice, "mail me at alice@example.org");

        JsonNode message = at(history(bob, p -> at(p, seq).has("text")), seq);
        assertThat(message.path("mentions").isNull() || message.path("mentions").isMissingNode()).isTrue();
        assertThat(summary(bob, s -> s.path("lastSeq").asLong() == seq).path("mentioned").asBoolean()).isFalse();
    }

    private JsonNode summary(ParleyClient.Session who, java.util.function.Predicate<JsonNode> done) {
        return QueryFlowTest.await(() -> QueryFlowTest.find(client.get("/api/v1/conversations", who.accessToken())
                .body().path("conversations"), c -> c.path("conversationId").asText().equals(group)), done);
    }

    private static List<String> ids(JsonNode array) {
        List<String> ids = new ArrayList<>();
        array.forEach(id -> ids.add(id.asText()));
        return ids;
    }
}
