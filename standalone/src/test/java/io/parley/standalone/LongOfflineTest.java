package io.parley.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.platform.testing.SocketClient;
import io.parley.standalone.ParleyClient.Session;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code resume} after a long absence: past 200 missed messages of a conversation (the default
 * {@code parley.gateway.max-backlog-per-conversation}) the device gets a {@code gap} frame and the newest 200, and the
 * gap comes from REST history: nothing missing, nothing twice.
 */
class LongOfflineTest extends StandaloneTest {

    private static final int BACKLOG = 200;
    /** The largest history page (docs/protocol.md): a gap of up to this many is one request. */
    private static final int MAX_PAGE = 1000;
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void aLongBacklogComesAsAGapAndTheNewestMessagesAndTheGapFromHistory() throws Exception {
        Session alice = client.registerAndLogin(uniqueName("alice"));
        Session bob = client.registerAndLogin(uniqueName("bob"));
        String conversation = client.post("/api/v1/conversations/direct", alice.accessToken(),
                Map.of("peerUserId", bob.userId())).text("conversationId");
        String group = client.post("/api/v1/conversations/groups", alice.accessToken(),
                Map.of("title", "Weekend", "memberIds", List.of(bob.userId()))).text("conversationId");
        int sent = 250;
        sendOverSocket(alice, conversation, sent);

        // bob last saw seq 10: 240 missed, 200 streamed, 11..50 left to history
        List<JsonNode> frames = resume(bob, Map.of(conversation, 10));

        List<JsonNode> gaps = frames.stream().filter(frame -> frame.path("type").asText().equals("gap")).toList();
        assertThat(gaps).hasSize(1);
        assertThat(gaps.get(0).path("conversationId").asText()).isEqualTo(conversation);
        assertThat(gaps.get(0).path("fromSeq").asLong()).isEqualTo(11);
        assertThat(gaps.get(0).path("toSeq").asLong()).isEqualTo(sent - BACKLOG);
        List<Long> streamed = frames.stream().filter(frame -> frame.path("type").asText().equals("message"))
                .map(frame -> frame.path("seq").asLong()).toList();
        assertThat(streamed).hasSize(BACKLOG).isSorted().doesNotHaveDuplicates();
        assertThat(streamed.get(0)).isEqualTo(sent - BACKLOG + 1);
        JsonNode settings = frames.stream().filter(frame -> frame.path("type").asText().equals("group")
                && frame.path("conversationId").asText().equals(group)).findFirst().orElseThrow();
        assertThat(frames.indexOf(gaps.get(0))).as("the gap comes first, before any query of the catch-up")
                .isLessThan(frames.indexOf(settings));
        assertThat(frames.indexOf(gaps.get(0))).as("the gap comes before the conversation's messages")
                .isLessThan(frames.indexOf(frames.stream().filter(f -> f.path("type").asText().equals("message")).findFirst().orElseThrow()));

        TreeSet<Long> everything = new TreeSet<>(streamed);
        long after = gaps.get(0).path("fromSeq").asLong() - 1;
        int pages = 0;
        while (after < gaps.get(0).path("toSeq").asLong()) {
            JsonNode page = client.get("/api/v1/conversations/" + conversation + "/messages?after=" + after
                    + "&limit=" + MAX_PAGE, bob.accessToken()).body();
            pages++;
            for (JsonNode message : page.path("messages")) {
                long seq = message.path("seq").asLong();
                if (seq <= gaps.get(0).path("toSeq").asLong()) {
                    assertThat(everything.add(seq)).as("seq " + seq + " twice").isTrue();
                }
                after = Math.max(after, seq);
            }
        }
        assertThat(pages).as("a gap of up to " + MAX_PAGE + " is one request").isEqualTo(1);
        assertThat(everything.first()).isEqualTo(11);
        assertThat(everything.last()).isEqualTo(sent);
        assertThat(everything).hasSize(sent - 10);
    }

    @Test
    void aHistoryPageHoldsUpTo1000MessagesAndNoMore() throws Exception {
        Session alice = client.registerAndLogin(uniqueName("alice"));
        Session bob = client.registerAndLogin(uniqueName("bob"));
        String conversation = client.post("/api/v1/conversations/direct", alice.accessToken(),
                Map.of("peerUserId", bob.userId())).text("conversationId");
        sendOverSocket(alice, conversation, 260);
        String messages = "/api/v1/conversations/" + conversation + "/messages";

        // acked is stored; the history shows it once the read model has it
        JsonNode page = QueryFlowTest.await(() -> client.get(messages + "?after=0&limit=" + MAX_PAGE,
                bob.accessToken()).body(), body -> body.path("messages").size() == 260);

        assertThat(page.path("messages")).hasSize(260);
        assertThat(page.path("messages").get(0).path("seq").asLong()).isEqualTo(1);
        assertThat(page.path("messages").get(259).path("seq").asLong()).isEqualTo(260);
        assertThat(page.path("hasNewer").asBoolean()).isFalse();
        assertThat(client.get(messages + "?limit=" + MAX_PAGE, bob.accessToken()).body().path("messages")).hasSize(260);
        QueryAccessTest.assertProblem(client.get(messages + "?after=0&limit=" + (MAX_PAGE + 1), bob.accessToken()), 400,
                "invalid-request");
    }

    @Test
    void aBacklogWithinTheLimitComesWholeWithoutAGap() throws Exception {
        Session alice = client.registerAndLogin(uniqueName("alice"));
        Session bob = client.registerAndLogin(uniqueName("bob"));
        String conversation = client.post("/api/v1/conversations/direct", alice.accessToken(),
                Map.of("peerUserId", bob.userId())).text("conversationId");
        sendOverSocket(alice, conversation, 30);

        List<JsonNode> frames = resume(bob, Map.of());

        assertThat(frames).noneMatch(frame -> frame.path("type").asText().equals("gap"));
        assertThat(frames.stream().filter(frame -> frame.path("type").asText().equals("message"))
                .map(frame -> frame.path("seq").asLong()).toList())
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 30).boxed().toList());
    }

    private void sendOverSocket(Session from, String conversation, int count) throws Exception {
        try (SocketClient socket = SocketClient.connect(port, from.accessToken())) {
            for (int i = 1; i <= count; i++) {
                socket.send(Map.of("type", "send", "id", "s" + i, "conversationId", conversation,
                        "clientMessageId", "c" + i, "text", "message " + i));
                if (i % 50 == 0 || i == count) {
                    String id = "s" + i;
                    socket.await(frame -> frame.path("type").asText().equals("ack") && frame.path("id").asText().equals(id), WAIT);
                }
            }
        }
    }

    /** Every frame up to the resume's ack. */
    private List<JsonNode> resume(Session who, Map<String, Integer> positions) throws Exception {
        List<JsonNode> frames = new ArrayList<>();
        try (SocketClient socket = SocketClient.connect(port, who.accessToken())) {
            socket.send(Map.of("type", "resume", "id", "r1", "positions", positions));
            socket.await(frame -> {
                frames.add(frame);
                return frame.path("type").asText().equals("ack") && frame.path("id").asText().equals("r1");
            }, WAIT);
        }
        return frames;
    }
}
