package io.parley.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.platform.testing.SocketClient;
import io.parley.standalone.ParleyClient.Session;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A restarted Parley loads its gateway's membership view from the read models instead of replaying the event stream,
 * and reads the stream on from where they stood: members of conversations made before the restart get live
 * messages, including one added before it, not one removed before it, and one added right after it; and a block and
 * a message request not accepted, made before it, still keep presence and typing apart. A node learns revocations
 * from the event stream only, so a restarted node must also read back an access-token lifetime of it: a token revoked
 * before the restart stays refused after it, while the other device's token works. The scenarios (users of their own)
 * are set up before one shared restart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestartTest {

    private static final Duration QUIET = Duration.ofSeconds(2);

    private Path log;
    private long firstRunLogSize;
    private StandaloneProcess restarted;
    private ParleyClient client;

    private Session alice;
    private Session bob;
    private Session carol;
    private Session dave;
    private Session erin;
    private String group;
    private String direct;

    private Session blocker;
    private Session blocked;
    private Session notBlocked;
    private Session requester;
    private String withBlocked;
    private String withNotBlocked;
    private String request;

    private Session revokedPhone;
    private Session laptop;
    private long restartedAt;

    @BeforeAll
    void setUpBothScenariosThenRestart(@TempDir Path tmp) throws Exception {
        Path dataDir = tmp.resolve("data");
        log = Files.createDirectories(Path.of("target")).resolve("restart-test-parley.log");
        Files.deleteIfExists(log);
        try (StandaloneProcess parley = StandaloneProcess.start(dataDir, log)) {
            ParleyClient first = new ParleyClient(parley.port);
            membershipsBeforeTheRestart(first);
            aBlockBeforeTheRestart(first);
            aLogoutBeforeTheRestart(first);
        }
        firstRunLogSize = Files.size(log);
        // no margin: the events the read models had taken are not read again, so the view must come from them
        restarted = StandaloneProcess.start(dataDir, log, Map.of(), "--parley.gateway.realtime-start-margin=0");
        restartedAt = System.nanoTime();
        client = new ParleyClient(restarted.port);
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (restarted != null) {
            restarted.close();
        }
    }

    private void membershipsBeforeTheRestart(ParleyClient client) {
        alice = client.registerAndLogin("alice");
        bob = client.registerAndLogin("bob");
        carol = client.registerAndLogin("carol");
        dave = client.registerAndLogin("dave");
        erin = client.registerAndLogin("erin");
        group = client.post("/api/v1/conversations/groups", alice.accessToken(),
                Map.of("title", "team", "memberIds", List.of(bob.userId(), carol.userId()))).text("conversationId");
        direct = client.post("/api/v1/conversations/direct", alice.accessToken(),
                Map.of("peerUserId", bob.userId())).text("conversationId");
        send(client, alice, group, "before-1", "before the restart");
        assertThat(client.post("/api/v1/conversations/" + group + "/members", alice.accessToken(),
                Map.of("userIds", List.of(dave.userId()))).status()).isEqualTo(204);
        assertThat(client.delete("/api/v1/conversations/" + group + "/members/" + carol.userId(),
                alice.accessToken()).status()).isEqualTo(204);
        send(client, bob, direct, "before-2", "direct, before the restart");
    }

    private void aBlockBeforeTheRestart(ParleyClient client) {
        blocker = client.registerAndLogin("frank");
        blocked = client.registerAndLogin("grace");
        notBlocked = client.registerAndLogin("heidi");
        requester = client.registerAndLogin("judy");
        // accepted: the block alone keeps these two apart, not the request the chat's start opened
        withBlocked = client.directChat(blocker, blocked);
        withNotBlocked = client.directChat(blocker, notBlocked);
        request = client.post("/api/v1/conversations/direct", requester.accessToken(),
                Map.of("peerUserId", blocker.userId())).text("conversationId");
        assertThat(client.put("/api/v1/blocks/" + blocked.userId(), blocker.accessToken(), null).status())
                .isEqualTo(204);
        // the read models take an event after the block, so the view's start position is past the block
        send(client, blocker, withNotBlocked, "after-block", "after the block");
        await().atMost(Duration.ofSeconds(15)).until(() -> client.get("/api/v1/conversations/" + withNotBlocked
                + "/messages", notBlocked.accessToken()).body().path("messages").size() == 1);
    }

    private void aLogoutBeforeTheRestart(ParleyClient client) {
        client.register("ivan");
        revokedPhone = client.login("ivan", "phone");
        laptop = client.login("ivan", "laptop");
        assertThat(client.post("/api/v1/auth/logout", revokedPhone.accessToken(), null).status()).isEqualTo(204);
    }

    @Test
    void aTokenRevokedBeforeARestartIsStillRefusedAfterIt() throws Exception {
        assertThat(client.get("/api/v1/conversations", laptop.accessToken()).status()).isEqualTo(200);
        // the node's revocation processor may still be reading the last minutes back: a few seconds at most
        long deadline = restartedAt + 5_000_000_000L;
        int status = client.get("/api/v1/conversations", revokedPhone.accessToken()).status();
        while (status != 401 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            status = client.get("/api/v1/conversations", revokedPhone.accessToken()).status();
        }
        assertThat(status).isEqualTo(401);
    }

    @Test
    void membershipsFromBeforeARestartAndRightAfterItGetLiveMessages() throws Exception {
        try (SocketClient bobPhone = live(restarted, bob);
             SocketClient carolPhone = live(restarted, carol);
             SocketClient davePhone = live(restarted, dave);
             SocketClient erinPhone = live(restarted, erin)) {
            assertThat(client.post("/api/v1/conversations/" + group + "/members", alice.accessToken(),
                    Map.of("userIds", List.of(erin.userId()))).status()).isEqualTo(204);
            send(client, alice, group, "after-1", "after the restart");
            send(client, alice, direct, "after-2", "direct, after the restart");

            assertThat(liveText(bobPhone, group)).isEqualTo("after the restart");
            assertThat(liveText(davePhone, group)).isEqualTo("after the restart");
            assertThat(liveText(erinPhone, group)).isEqualTo("after the restart");
            assertThat(liveText(bobPhone, direct)).isEqualTo("direct, after the restart");
            assertThat(carolPhone.collect("message", QUIET)).as("carol was removed before the restart").isEmpty();
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> restartLog().contains("Membership view loaded"));
        assertThat(restartLog()).contains("Membership view loaded from the query side")
                .doesNotContain("rebuilt from the event stream");
    }

    /**
     * Blocks and open message requests are part of the view a restarted gateway loads: presence and typing still do
     * not cross one, while they reach the blocker from the contact who is neither.
     */
    @Test
    void aBlockAndAMessageRequestFromBeforeARestartStillKeepPresenceAndTypingApart() throws Exception {
        try (SocketClient blockerPhone = live(restarted, blocker);
             SocketClient blockedPhone = live(restarted, blocked);
             SocketClient requesterPhone = live(restarted, requester);
             SocketClient notBlockedPhone = live(restarted, notBlocked)) {
            blockedPhone.send(Map.of("type", "typing", "conversationId", withBlocked, "state", "start"));
            requesterPhone.send(Map.of("type", "typing", "conversationId", request, "state", "start"));
            notBlockedPhone.send(Map.of("type", "typing", "conversationId", withNotBlocked, "state", "start"));

            List<JsonNode> frames = blockerPhone.collectAll(Duration.ofSeconds(5));
            assertThat(usersIn(frames, "presence", frame -> frame.path("online").asBoolean())).as("shown online")
                    .contains(notBlocked.userId())
                    .as("shown online: the blocked one").doesNotContain(blocked.userId())
                    .as("shown online: the one whose message request is not accepted").doesNotContain(requester.userId());
            assertThat(usersIn(frames, "typing", frame -> true)).as("shown typing")
                    .contains(notBlocked.userId())
                    .as("shown typing: the blocked one").doesNotContain(blocked.userId())
                    .as("shown typing: the one whose message request is not accepted").doesNotContain(requester.userId());
        }
    }

    private static List<String> usersIn(List<JsonNode> frames, String type, Predicate<JsonNode> wanted) {
        return frames.stream().filter(frame -> frame.path("type").asText().equals(type) && wanted.test(frame))
                .map(frame -> frame.path("userId").asText()).toList();
    }

    private String restartLog() throws IOException {
        return Files.readString(log).substring((int) firstRunLogSize);
    }

    /** Connects and resumes naming nothing: the device gets what it is in, then live messages. */
    private static SocketClient live(StandaloneProcess parley, Session session) throws InterruptedException {
        return SocketClient.live(parley.port, session.accessToken(), Duration.ofSeconds(15));
    }

    /** The text of the next message of the conversation sent after the restart; null if none comes. */
    private static String liveText(SocketClient socket, String conversation) throws InterruptedException {
        try {
            JsonNode message = socket.await(frame -> frame.path("type").asText().equals("message")
                    && frame.path("conversationId").asText().equals(conversation)
                    && frame.path("text").asText().contains("after the restart"), Duration.ofSeconds(10));
            return message.path("text").asText();
        } catch (AssertionError none) {
            return null;
        }
    }

    private static void send(ParleyClient client, Session from, String to, String clientMessageId, String text) {
        assertThat(client.post("/api/v1/conversations/" + to + "/messages", from.accessToken(),
                Map.of("clientMessageId", clientMessageId, "text", text)).status()).isEqualTo(201);
    }
}
