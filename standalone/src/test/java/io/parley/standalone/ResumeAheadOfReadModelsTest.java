package io.parley.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.platform.testing.SocketClient;
import io.parley.standalone.ParleyClient.Session;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A device that resumes with conversations the read models have not caught up with yet (created a moment ago, as
 * the device learnt from the live stream or from the REST answer): its catch-up waits for them instead of failing.
 * The read models lag on purpose here (their processors linger 2 s after a small batch), so this is an application of
 * its own, with a data directory of its own (see {@link MediaExpiryTest}).
 */
@SpringBootTest(classes = StandaloneApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "parley.query.linger=2s")
class ResumeAheadOfReadModelsTest {

    private static final Path DATA_DIR = StandaloneTest.newDataDir();
    private static final Duration QUIET = Duration.ofMillis(500);

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("parley.data-dir", DATA_DIR::toString);
    }

    @LocalServerPort
    int port;
    ParleyClient client;
    private Session alice;
    private Session bob;

    @BeforeEach
    void aliceAndBob() {
        client = new ParleyClient(port);
        alice = client.registerAndLogin("alice_" + UUID.randomUUID().toString().substring(0, 8));
        bob = client.registerAndLogin("bob_" + UUID.randomUUID().toString().substring(0, 8));
    }

    @Test
    void conversationsCreatedAMomentAgoAreCaughtUpAndGoLive() throws Exception {
        // what the device has seen of the groups of earlier rounds: it names them too, or they come again from seq 1
        Map<String, Long> seen = new LinkedHashMap<>();
        for (int round = 0; round < 6; round++) {
            // three new groups; into every other round's, messages before the resume too
            int before = round % 2 == 0 ? 0 : 2;
            Map<String, Long> positions = new LinkedHashMap<>();
            for (int i = 0; i < 3; i++) {
                String group = client.post("/api/v1/conversations/groups", alice.accessToken(),
                        Map.of("title", "round " + round + "." + i, "memberIds", List.of(bob.userId())))
                        .text("conversationId");
                for (int n = 1; n <= before; n++) {
                    send(group, "before " + n);
                }
                positions.put(group, 0L);
            }
            try (SocketClient phone = SocketClient.connect(port, bob.accessToken())) {
                Map<String, Long> named = new LinkedHashMap<>(seen);
                named.putAll(positions);
                phone.send(Map.of("type", "resume", "id", "r" + round, "positions", named));
                for (String group : positions.keySet()) {
                    for (int n = 1; n <= 3; n++) {
                        send(group, "after " + n);
                    }
                }

                List<JsonNode> frames = new ArrayList<>();
                int expected = positions.size() * (before + 3);
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (!(acked(frames, "r" + round) && count(frames, "message") == expected)
                        && System.nanoTime() < deadline) {
                    frames.addAll(phone.collectAll(Duration.ofMillis(100)));
                }
                frames.addAll(phone.collectAll(QUIET));

                assertThat(frames).as("round %d: no error", round).noneMatch(frame -> type(frame).equals("error"));
                assertThat(acked(frames, "r" + round)).as("round %d: the resume is acked", round).isTrue();
                assertThat(phone.isClosed()).as("round %d: the socket is held", round).isFalse();
                Map<String, List<Long>> seqs = new HashMap<>();
                for (JsonNode frame : frames) {
                    if (type(frame).equals("message")) {
                        seqs.computeIfAbsent(frame.path("conversationId").asText(), id -> new ArrayList<>())
                                .add(frame.path("seq").asLong());
                    }
                }
                List<Long> all = new ArrayList<>();
                for (long seq = 1; seq <= before + 3; seq++) {
                    all.add(seq);
                }
                for (String group : positions.keySet()) {
                    assertThat(seqs.get(group)).as("round %d: every message once, in order", round)
                            .containsExactlyElementsOf(all);
                    seen.put(group, (long) before + 3);
                }
                assertThat(seqs.keySet()).as("round %d: nothing else", round).isEqualTo(positions.keySet());
            }
        }
    }

    private void send(String conversation, String text) {
        assertThat(client.post("/api/v1/conversations/" + conversation + "/messages", alice.accessToken(),
                Map.of("clientMessageId", UUID.randomUUID().toString(), "text", text)).status()).isEqualTo(201);
    }

    private static boolean acked(List<JsonNode> frames, String id) {
        return frames.stream().anyMatch(frame -> type(frame).equals("ack") && frame.path("id").asText().equals(id));
    }

    private static long count(List<JsonNode> frames, String type) {
        return frames.stream().filter(frame -> type(frame).equals(type)).count();
    }

    private static String type(JsonNode frame) {
        return frame.path("type").asText();
    }
}
