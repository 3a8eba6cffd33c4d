package io.parley.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.platform.testing.SocketClient;
import io.parley.standalone.ParleyClient.Response;
import io.parley.standalone.ParleyClient.Session;
import org.junit.jupiter.api.BeforeEach;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** A group of Alice (its admin), Bob and Carol, and what the message-action flow tests do with it over HTTP and sockets. */
abstract class MessageActionsFlow extends StandaloneTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    Session alice;
    Session bob;
    Session carol;
    Session dave;
    String group;
    String aliceName;
    String bobName;
    String carolName;
    String daveName;

    @BeforeEach
    void aGroupOfThree() {
        aliceName = uniqueName("alice");
        alice = client.registerAndLogin(aliceName);
        bobName = uniqueName("bob");
        bob = client.registerAndLogin(bobName);
        carolName = uniqueName("carol");
        carol = client.registerAndLogin(carolName);
        daveName = uniqueName("dave");
        dave = client.registerAndLogin(daveName);
        Response created = client.post("/api/v1/conversations/groups", alice.accessToken(),
                Map.of("title", "Lunch", "memberIds", List.of(bob.userId(), carol.userId())));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        group = created.text("conversationId");
    }

    /** Sends over REST; answers the seq. */
    long send(Session from, String text) {
        return send(from, Map.of("clientMessageId", "c-" + System.nanoTime(), "text", text));
    }

    long send(Session from, Map<String, Object> body) {
        Response sent = client.post(messages(), from.accessToken(), body);
        assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
        return sent.body().path("seq").asLong();
    }

    String messages() {
        return "/api/v1/conversations/" + group + "/messages";
    }

    String message(long seq) {
        return messages() + "/" + seq;
    }

    /**
     * The caller's history page, polled until it shows what the test waits for. Until the read model has the
     * conversation (404, 403 for a moment after it was created) the page is empty.
     */
    JsonNode history(Session who, Predicate<JsonNode> done) {
        return QueryFlowTest.await(() -> {
            Response page = client.get(messages(), who.accessToken());
            assertThat(page.status()).as(page.toString()).isIn(200, 403, 404);
            return page.status() == 200 ? page.body() : QueryFlowTest.JSON.createObjectNode();
        }, done);
    }

    /** The message at seq in a history page (a missing node when it is not there). */
    static JsonNode at(JsonNode page, long seq) {
        return QueryFlowTest.find(page.path("messages"), m -> m.path("seq").asLong() == seq);
    }

    static Map<String, Integer> counts(JsonNode message) {
        Map<String, Integer> counts = new HashMap<>();
        message.path("reactions").forEach(r -> counts.put(r.path("emoji").asText(), r.path("count").asInt()));
        return counts;
    }

    SocketClient live(Session session) throws InterruptedException {
        return SocketClient.live(port, session.accessToken(), Duration.ofSeconds(10));
    }

    static JsonNode ackOf(SocketClient socket, String id) throws InterruptedException {
        return socket.await(frame -> frame.path("id").asText().equals(id)
                && (frame.path("type").asText().equals("ack") || frame.path("type").asText().equals("error")), WAIT);
    }

    static JsonNode frame(SocketClient socket, String type, long seq) throws InterruptedException {
        return socket.await(frame -> frame.path("type").asText().equals(type) && frame.path("seq").asLong() == seq,
                WAIT);
    }

    static void assertProblem(Response response, int status, String type) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.problemType()).isEqualTo("urn:parley:problem:" + type);
    }

    static void assertErrorFrame(JsonNode frame, int status, String type) {
        assertThat(frame.path("type").asText()).as(frame.toString()).isEqualTo("error");
        assertThat(frame.path("status").asInt()).isEqualTo(status);
        assertThat(frame.path("problemType").asText()).isEqualTo("urn:parley:problem:" + type);
    }
}
