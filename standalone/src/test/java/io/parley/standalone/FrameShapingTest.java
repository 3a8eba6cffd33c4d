package io.parley.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.platform.testing.SocketClient;
import io.parley.standalone.ParleyClient.Session;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A socket's frames are handled at its rate (100 a second after a burst of 200): faster ones wait their turn instead
 * of being refused, and only a socket thousands of frames ahead is closed (docs/protocol.md, "Frame rate").
 */
class FrameShapingTest extends StandaloneTest {

    private Session alice;
    private Session bob;
    private String conversation;

    @BeforeEach
    void aliceAndBob() {
        alice = client.registerAndLogin(uniqueName("alice"));
        bob = client.registerAndLogin(uniqueName("bob"));
        conversation = client.post("/api/v1/conversations/direct", alice.accessToken(),
                Map.of("peerUserId", bob.userId())).text("conversationId");
    }

    @Test
    void anOutboxOfAThousandMessagesFlushedAtOnceIsStoredInOrderAndTheSocketHeld() throws Exception {
        int outbox = 1000;
        try (SocketClient phone = live(alice); SocketClient bobPhone = live(bob)) {
            for (int i = 0; i < outbox; i++) {
                phone.send(Map.of("type", "send", "id", "f" + i, "conversationId", conversation,
                        "clientMessageId", "c" + i, "text", "queued overnight " + i));
            }
            List<JsonNode> answers = answers(phone, outbox, Duration.ofSeconds(60));
            assertThat(answers).hasSize(outbox).allMatch(frame -> frame.path("type").asText().equals("ack"));
            for (int i = 0; i < outbox; i++) {
                assertThat(answers.get(i).path("id").asText()).isEqualTo("f" + i);
                assertThat(answers.get(i).path("seq").asLong()).isEqualTo(i + 1);
            }
            List<JsonNode> delivered = bobPhone.collect("message", Duration.ofSeconds(2));
            assertThat(delivered).extracting(frame -> frame.path("seq").asLong())
                    .containsExactlyElementsOf(answers.stream().map(ack -> ack.path("seq").asLong()).toList());
            assertThat(phone.isClosed()).isFalse();
        }
    }

    @Test
    void sixtyFramesASecondForTwelveSecondsAreAllAnswered() throws Exception {
        int frames = 720;
        try (SocketClient phone = live(alice)) {
            long start = System.nanoTime();
            for (int i = 0; i < frames; i++) {
                long due = start + i * 1_000_000_000L / 60;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                phone.send(Map.of("type", "ping", "id", "p" + i));
            }
            List<JsonNode> answers = answers(phone, frames, Duration.ofSeconds(30));
            assertThat(answers).extracting(frame -> frame.path("type").asText() + " " + frame.path("id").asText())
                    .containsExactlyElementsOf(IntStream.range(0, frames).mapToObj(i -> "pong p" + i).toList());
            assertThat(phone.isClosed()).isFalse();
        }
    }

    @Test
    void aSocketThousandsOfFramesAheadOfItsRateIsClosed() throws Exception {
        try (SocketClient phone = live(alice)) {
            try {
                for (int i = 0; i < 20_000 && !phone.isClosed(); i++) {
                    phone.send(Map.of("type", "ping", "id", "p" + i));
                }
            } catch (CompletionException closedByServer) {
                // the server closes the socket before the flood is over: that is what this test wants
            }
            JsonNode limited = phone.await(frame -> frame.path("type").asText().equals("error"), Duration.ofSeconds(30));
            assertThat(limited.path("status").asInt()).isEqualTo(429);
            assertThat(limited.path("problemType").asText()).isEqualTo("urn:parley:problem:rate-limited");
            assertThat(phone.awaitClose(Duration.ofSeconds(10))).isEqualTo(1008);
        }
    }

    /** The next {@code count} acks, pongs and errors, in arrival order. */
    private static List<JsonNode> answers(SocketClient socket, int count, Duration timeout) throws InterruptedException {
        List<JsonNode> answers = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (answers.size() < count && System.nanoTime() < deadline) {
            for (JsonNode frame : socket.collectAll(Duration.ofMillis(100))) {
                String type = frame.path("type").asText();
                if (type.equals("ack") || type.equals("pong") || type.equals("error")) {
                    answers.add(frame);
                }
            }
        }
        return answers;
    }

    /** Connected and resumed with nothing to catch up: live from here. */
    private SocketClient live(Session session) throws InterruptedException {
        return SocketClient.live(port, session.accessToken(), Duration.ofSeconds(10));
    }
}
