package io.parley.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.platform.testing.SocketClient;
import io.parley.standalone.ParleyClient.Response;
import io.parley.standalone.ParleyClient.Session;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Message requests over HTTP and WebSocket, on the shared application (they are on by default): a direct chat someone
 * starts is a request to the peer, marked in their list; until they accept, the requester sees no receipt, neither
 * sees the other's presence or last seen; accepting (or writing) makes it a normal chat; declining takes it off the
 * list and stops the requester. The push of a request: {@link PushNotificationTest}.
 */
class MessageRequestsFlowTest extends StandaloneTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Autowired
    MongoTemplate mongo;
    String aliceName;
    String bobName;
    Session alice;
    Session bob;

    @BeforeEach
    void twoStrangers() {
        aliceName = uniqueName("alice");
        alice = client.registerAndLogin(aliceName);
        bobName = uniqueName("bob");
        bob = client.registerAndLogin(bobName);
    }

    @Test
    void aRequestIsMarkedAndQuietUntilAccepted() throws Exception {
        String direct = openDirect(alice, bob);
        try (SocketClient alicePhone = live(alice)) {
            assertThat(send(direct, alice, "a1", "hi, we met at the conference").status()).isEqualTo(201);
            // the phone's copy comes after the request on the gateway's one ordered stream: it knows of it now
            alicePhone.await(f -> f.path("type").asText().equals("message") && f.path("seq").asLong() == 1, WAIT);

            JsonNode forBob = awaitSummary(bob, direct, s -> s.path("lastSeq").asLong() == 1);
            assertThat(forBob.path("request").asBoolean()).as("a request to bob").isTrue();
            assertThat(summary(alice, direct).path("request").asBoolean()).as("not to alice, who asked").isFalse();

            try (SocketClient bobPhone = live(bob)) {
                bobPhone.send(Map.of("type", "delivered", "id", "d1", "conversationId", direct, "upToSeq", 1));
                bobPhone.send(Map.of("type", "read", "id", "r1", "conversationId", direct, "upToSeq", 1));
                assertThat(ackOf(bobPhone, "r1").path("type").asText()).isEqualTo("ack");
                bobPhone.send(Map.of("type", "typing", "conversationId", direct, "state", "start"));

                assertThat(alicePhone.collectAll(Duration.ofSeconds(1))).as("alice's frames while pending")
                        .noneMatch(f -> about(f, bob.userId()) || f.path("type").asText().equals("receipt"));
                assertThat(bobPhone.collectAll(Duration.ofMillis(200))).as("bob's frames while pending")
                        .noneMatch(f -> about(f, alice.userId()));
                assertThat(summary(alice, direct).path("lastMessage").path("seq").asLong()).isEqualTo(1);

                assertThat(client.post(request(direct, "accept"), bob.accessToken(), null).status()).isEqualTo(204);

                alicePhone.await(f -> f.path("type").asText().equals("presence")
                        && f.path("userId").asText().equals(bob.userId()) && f.path("online").asBoolean(), WAIT);
                bobPhone.send(Map.of("type", "read", "id", "r2", "conversationId", direct, "upToSeq", 1));
                JsonNode receipt = alicePhone.await(f -> f.path("type").asText().equals("receipt")
                        && f.path("userId").asText().equals(bob.userId()), WAIT);
                assertThat(receipt.path("readUpTo").asLong()).isEqualTo(1);
                awaitSummary(bob, direct, s -> !s.path("request").asBoolean() && s.path("readUpTo").asLong() == 1);
            }
        }
        assertThat(client.post(request(direct, "accept"), bob.accessToken(), null).status()).as("again").isEqualTo(204);
        assertProblem(client.post(request(direct, "decline"), bob.accessToken(), null), 409, "not-a-message-request");
    }

    /**
     * Both online when a stranger opens a request: neither is told the other is online, not for a moment, until it is
     * accepted. Each round, devices of both connect right as the chat is opened, while the gateway learns of it, so
     * that a presence step that ran between the chat and its request would show: the request must come with the chat.
     */
    @Test
    void openingARequestShowsNeitherOnline() throws Exception {
        try (SocketClient bobPhone = live(bob)) {
            Session stranger = null;
            String direct = null;
            for (int round = 0; round < 6; round++) {
                stranger = client.registerAndLogin(uniqueName("stranger"));
                List<SocketClient> devices = new ArrayList<>();
                try (SocketClient strangerPhone = live(stranger)) {
                    direct = openDirect(stranger, bob);
                    for (int device = 0; device < 3; device++) {
                        devices.add(SocketClient.connect(port, stranger.accessToken()));
                        devices.add(SocketClient.connect(port, bob.accessToken()));
                    }
                    String strangerId = stranger.userId();
                    assertThat(strangerPhone.collectAll(Duration.ofSeconds(1))).as("round %d: the stranger's frames", round)
                            .noneMatch(f -> shownOnline(f, bob.userId()));
                    assertThat(bobPhone.collectAll(Duration.ofMillis(100))).as("round %d: bob's frames", round)
                            .noneMatch(f -> shownOnline(f, strangerId));
                    for (int device = 0; device < devices.size(); device++) {
                        String other = device % 2 == 0 ? bob.userId() : strangerId;
                        assertThat(devices.get(device).collectAll(Duration.ofMillis(50)))
                                .as("round %d: a device that connected during the open", round)
                                .noneMatch(f -> shownOnline(f, other));
                    }
                } finally {
                    devices.forEach(SocketClient::close);
                }
            }

            try (SocketClient strangerPhone = live(stranger)) {
                assertThat(client.post(request(direct, "accept"), bob.accessToken(), null).status()).isEqualTo(204);
                strangerPhone.await(f -> shownOnline(f, bob.userId()), WAIT);
                String strangerId = stranger.userId();
                bobPhone.await(f -> shownOnline(f, strangerId), WAIT);
            }
        }
    }

    /**
     * While pending, neither learns when the other was last seen: no presence frame as the other goes offline, and
     * {@code lastSeen: null} in the REST lookup although they share a chat; accepting shares both.
     */
    @Test
    void lastSeenIsNotSharedUntilTheRequestIsAccepted() throws Exception {
        String direct = openDirect(alice, bob);
        assertThat(send(direct, alice, "a1", "hi").status()).isEqualTo(201);
        awaitSummary(bob, direct, s -> s.path("request").asBoolean());
        try (SocketClient bobPhone = live(bob)) {
            live(alice).close();
            assertThat(bobPhone.collectAll(Duration.ofSeconds(1))).as("bob's frames as alice comes and goes")
                    .noneMatch(f -> about(f, alice.userId()));
        }
        awaitOwnLastSeen(alice, aliceName);
        awaitOwnLastSeen(bob, bobName);

        assertThat(lastSeen(bob, aliceName)).as("alice's last seen, asked by bob").isNull();
        assertThat(lastSeen(alice, bobName)).as("bob's last seen, asked by alice").isNull();

        assertThat(client.post(request(direct, "accept"), bob.accessToken(), null).status()).isEqualTo(204);
        QueryFlowTest.await(() -> lastSeen(bob, aliceName), Objects::nonNull);
        QueryFlowTest.await(() -> lastSeen(alice, bobName), Objects::nonNull);
    }

    @Test
    void writingBackAcceptsTheRequest() {
        String direct = openDirect(alice, bob);
        assertThat(send(direct, alice, "a1", "hello").status()).isEqualTo(201);
        awaitSummary(bob, direct, s -> s.path("request").asBoolean());

        assertThat(send(direct, bob, "b1", "hi!").status()).isEqualTo(201);

        awaitSummary(bob, direct, s -> !s.path("request").asBoolean() && s.path("lastSeq").asLong() == 2);
        assertThat(client.post("/api/v1/conversations/" + direct + "/delivered", bob.accessToken(),
                Map.of("upToSeq", 2)).status()).isEqualTo(204);
        awaitSummary(alice, direct, s -> s.path("lastSeq").asLong() == 2);
    }

    @Test
    void declineTakesTheChatOffTheListAndStopsTheRequester() {
        String direct = openDirect(alice, bob);
        assertThat(send(direct, alice, "a1", "buy my crypto").status()).isEqualTo(201);
        awaitSummary(bob, direct, s -> s.path("request").asBoolean());
        assertProblem(client.post(request(direct, "decline"), alice.accessToken(), null), 409, "not-a-message-request");

        assertThat(client.post(request(direct, "decline"), bob.accessToken(), null).status()).isEqualTo(204);

        QueryFlowTest.await(() -> client.get("/api/v1/conversations", bob.accessToken()),
                r -> r.status() == 200 && find(r.body(), direct) == null);
        assertProblem(send(direct, alice, "a2", "hello??"), 403, "message-request-declined");
        assertThat(send(direct, alice, "a1", "buy my crypto").status()).as("a resend of the first").isIn(200, 201);
        assertThat(client.post(request(direct, "decline"), bob.accessToken(), null).status()).as("again").isEqualTo(204);
        assertThat(find(client.get("/api/v1/conversations", alice.accessToken()).body(), direct))
                .as("alice still has her chat").isNotNull();

        assertThat(client.post(request(direct, "accept"), bob.accessToken(), null).status()).isEqualTo(204);
        awaitSummary(bob, direct, s -> !s.path("request").asBoolean());
        assertThat(send(direct, alice, "a3", "thanks").status()).isEqualTo(201);
    }

    @Test
    void onlyAMemberAnswersARequest() {
        String direct = openDirect(alice, bob);
        Session eve = client.registerAndLogin(StandaloneTest.uniqueName("eve"));
        assertProblem(client.post(request(direct, "accept"), eve.accessToken(), null), 403, "not-a-member");
        assertProblem(client.post(request(direct, "decline"), eve.accessToken(), null), 403, "not-a-member");
    }

    /**
     * The web client in headless Chromium (skipped without it, as {@link WebClientTest}): a request shows Accept /
     * Decline / Block; accepting lets the user answer as in any chat, declining takes it off the list. Screenshots go
     * to target/screenshots/.
     */
    @Test
    void theWebClientAnswersARequest() throws Exception {
        assumeTrue(WebBrowser.available(), "Skipped: needs /usr/bin/chromium and /usr/bin/chromedriver");
        Files.createDirectories(WebBrowser.SCREENSHOTS);
        String bobName = StandaloneTest.uniqueName("bob");
        try (WebBrowser browser = new WebBrowser("bob")) {
            try {
                browser.open(port);
                browser.register(bobName, "Bob");
                String bobId = client.get("/api/v1/users/" + bobName, alice.accessToken()).text("userId");
                String direct = openDirect(alice, bobId);
                assertThat(send(direct, alice, "a1", "hi, we met at the conference").status()).isEqualTo(201);
                Session carol = client.registerAndLogin(StandaloneTest.uniqueName("carol"));
                String spam = openDirect(carol, bobId);
                assertThat(send(spam, carol, "c1", "buy my crypto").status()).isEqualTo(201);

                browser.waitFor(d -> d.findElements(By.cssSelector("#conversation-list [data-id]")).size() == 2);
                browser.openChat(direct);
                browser.waitMessages("hi, we met at the conference");
                browser.waitText("#message-request", "wants to send you messages");
                browser.shot("request-01-bob-sees-a-request");
                browser.click("#message-request .accept-request");
                browser.waitFor(d -> d.findElements(By.id("message-request")).isEmpty());
                awaitSummary(alice, direct, s -> s.path("lastSeq").asLong() == 1);
                browser.say("Nice to hear from you");
                awaitSummary(alice, direct, s -> s.path("lastSeq").asLong() == 2);

                browser.openChat(spam);
                browser.waitText("#message-request", "wants to send you messages");
                browser.click("#message-request .decline-request");
                browser.waitFor(d -> d.findElements(By.cssSelector("#conversation-list [data-id='" + spam + "']")).isEmpty());
                browser.shot("request-02-bob-declined-the-other");
                assertProblem(send(spam, carol, "c2", "hello?"), 403, "message-request-declined");
            } catch (AssertionError | RuntimeException failure) {
                browser.shot("failure-theWebClientAnswersARequest-bob");
                browser.printConsole();
                throw failure;
            }
        }
    }

    /** As QueryAdminTest#aReplayRebuildsIdenticalReadModels, with requests pending, accepted by writing and declined. */
    @Test
    void aReplayRebuildsIdenticalReadModels() {
        Session analyst = Analysts.analyst(client, "laptop");
        Session carol = client.registerAndLogin(StandaloneTest.uniqueName("carol"));
        String pending = openDirect(alice, bob);
        assertThat(send(pending, alice, "a1", "hi").status()).isEqualTo(201);
        String answered = openDirect(alice, carol);
        assertThat(send(answered, alice, "a1", "hi").status()).isEqualTo(201);
        assertThat(send(answered, carol, "c1", "hello").status()).isEqualTo(201);
        String declined = openDirect(carol, bob);
        assertThat(send(declined, carol, "c1", "hey").status()).isEqualTo(201);
        assertThat(client.post(request(declined, "decline"), bob.accessToken(), null).status()).isEqualTo(204);
        Analysts.awaitCaughtUp(client, analyst);
        Map<String, List<String>> live = dump();
        assertThat(live.get("conversations").toString()).contains("requestTo").contains("\"requestDeclined\": true");

        Response replay = client.post("/api/v1/admin/projections/conversations/replay", analyst.accessToken(), null);
        assertThat(replay.status()).as(replay.toString()).isEqualTo(202);
        Analysts.awaitCaughtUp(client, analyst);

        assertThat(dump()).isEqualTo(live);
    }

    private Map<String, List<String>> dump() {
        return ReadModelDump.of(mongo, List.of("conversations", "members", "messages", "syncFeed", "syncHeads"));
    }

    private String openDirect(Session from, Session to) {
        return openDirect(from, to.userId());
    }

    private String openDirect(Session from, String to) {
        Response opened = client.post("/api/v1/conversations/direct", from.accessToken(), Map.of("peerUserId", to));
        assertThat(opened.status()).as(opened.toString()).isIn(200, 201);
        return opened.text("conversationId");
    }

    private Response send(String conversation, Session from, String clientMessageId, String text) {
        return client.post("/api/v1/conversations/" + conversation + "/messages", from.accessToken(),
                Map.of("clientMessageId", clientMessageId, "text", text));
    }

    private JsonNode awaitSummary(Session who, String conversation, java.util.function.Predicate<JsonNode> done) {
        return QueryFlowTest.await(() -> summary(who, conversation), s -> s != null && done.test(s));
    }

    private JsonNode summary(Session who, String conversation) {
        return find(client.get("/api/v1/conversations", who.accessToken()).body(), conversation);
    }

    private static JsonNode find(JsonNode list, String conversation) {
        return StreamSupport.stream(list.path("conversations").spliterator(), false)
                .filter(c -> c.path("conversationId").asText().equals(conversation))
                .findFirst().orElse(null);
    }

    private SocketClient live(Session session) throws InterruptedException {
        return SocketClient.live(port, session.accessToken(), Duration.ofSeconds(10));
    }

    private static JsonNode ackOf(SocketClient socket, String id) throws InterruptedException {
        return MessageActionsFlow.ackOf(socket, id);
    }

    private static boolean about(JsonNode frame, String userId) {
        return List.of("presence", "typing").contains(frame.path("type").asText())
                && frame.path("userId").asText().equals(userId);
    }

    private static boolean shownOnline(JsonNode frame, String userId) {
        return frame.path("type").asText().equals("presence") && frame.path("userId").asText().equals(userId)
                && frame.path("online").asBoolean();
    }

    /** {@code lastSeen} of the user as the asker gets it from the REST lookup; null when not shown. */
    private String lastSeen(Session asker, String username) {
        Response user = client.get("/api/v1/users/" + username, asker.accessToken());
        assertThat(user.status()).as(user.toString()).isEqualTo(200);
        return user.text("lastSeen");
    }

    private void awaitOwnLastSeen(Session who, String username) {
        QueryFlowTest.await(() -> lastSeen(who, username), Objects::nonNull);
    }

    private static String request(String conversation, String answer) {
        return "/api/v1/conversations/" + conversation + "/request/" + answer;
    }

    private static void assertProblem(Response response, int status, String type) {
        MessageActionsFlow.assertProblem(response, status, type);
    }
}
