package io.parley.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.platform.testing.SocketClient;
import io.parley.platform.testing.WebPushReceiver;
import io.parley.standalone.ParleyClient.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pushes to devices without a socket, received by a real RFC 8030 endpoint ({@link WebPushReceiver}) that checks
 * the VAPID signature and decrypts the payload. The receiver listens on loopback over http, which only the test-only
 * {@code parley.push.allow-local-endpoints} lets a subscription name: an application (and data directory) of its own.
 */
@SpringBootTest(classes = StandaloneApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"parley.push.allow-local-endpoints=true", "parley.push.coalesce-window=1500ms",
                "parley.push.first-retry-after=200ms"})
class PushNotificationTest {

    private static final Duration WINDOW = Duration.ofMillis(1500);
    private static final Duration SOON = Duration.ofSeconds(5);
    private static final Path DATA_DIR = StandaloneTest.newDataDir();

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("parley.data-dir", DATA_DIR::toString);
    }

    @LocalServerPort
    int port;

    private ParleyClient client;
    private WebPushReceiver bobsPhone;
    private String aliceName;
    private String bobName;
    private Session alice;
    private Session bob;
    private String conversation;

    @BeforeEach
    void aliceWritesToBobWhosePhoneIsSubscribedButOffline() {
        client = new ParleyClient(port);
        aliceName = StandaloneTest.uniqueName("alice");
        alice = client.registerAndLogin(aliceName);
        bobName = StandaloneTest.uniqueName("bob");
        bob = client.registerAndLogin(bobName);
        conversation = client.directChat(alice, bob);
        bobsPhone = WebPushReceiver.start();
        ParleyClient.Response subscribed = client.post("/api/v1/push/subscriptions", bob.accessToken(),
                bobsPhone.subscription());
        assertThat(subscribed.status()).isEqualTo(201);
        assertThat(subscribed.text("deviceId")).isEqualTo("phone");
    }

    @AfterEach
    void stopReceiver() {
        bobsPhone.close();
    }

    @Test
    void anOfflineDeviceGetsAnEncryptedVapidSignedPushWithoutTextByDefault() throws Exception {
        send(alice, "hello bob, the door code is 4711");

        WebPushReceiver.Push push = bobsPhone.await(SOON);
        JsonNode payload = push.payload();
        assertThat(payload.path("type").asText()).isEqualTo("message");
        assertThat(payload.path("conversationId").asText()).isEqualTo(conversation);
        assertThat(payload.path("seq").asLong()).isEqualTo(1);
        assertThat(payload.path("senderName").asText()).isEqualTo(aliceName);
        assertThat(payload.path("unread").asLong()).isEqualTo(1);
        assertThat(payload.has("preview")).as("previews are off until the user turns them on").isFalse();
        assertThat(payload.toString()).doesNotContain("4711");

        assertThat(push.vapidKey()).isEqualTo(client.get("/api/v1/push/vapid-public-key", bob.accessToken()).text("publicKey"));
        assertThat(push.vapid().getSubject()).startsWith("mailto:");
        assertThat(push.vapid().getExpiration().toInstant()).isAfter(Instant.now())
                .isBefore(Instant.now().plus(Duration.ofHours(24)));
        assertThat(push.header("TTL")).isEqualTo("86400");
        assertThat(push.header("Topic")).hasSize(32);
        assertThat(bobsPhone.failures()).isEmpty();
    }

    @Test
    void aPushCarriesATextPreviewOnlyOnceTheUserAllowsIt() throws Exception {
        assertThat(client.get("/api/v1/push/settings", bob.accessToken()).body().path("previews").asBoolean(true)).isFalse();
        ParleyClient.Response changed = client.put("/api/v1/push/settings", bob.accessToken(), Map.of("previews", true));
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.body().path("previews").asBoolean()).isTrue();

        send(alice, "see you at eight");

        assertThat(bobsPhone.await(SOON).payload().path("preview").asText()).isEqualTo("see you at eight");
    }

    @Test
    void messagesWithinTheWindowComeAsOnePushWithTheNewestSeqAndTheUnreadCount() throws Exception {
        send(alice, "one");
        send(alice, "two");
        send(alice, "three");

        WebPushReceiver.Push first = bobsPhone.await(SOON);
        assertThat(first.payload().path("seq").asLong()).isEqualTo(1);
        WebPushReceiver.Push second = bobsPhone.await(SOON);
        assertThat(second.payload().path("seq").asLong()).isEqualTo(3);
        assertThat(second.payload().path("unread").asLong()).isEqualTo(3);
        assertThat(bobsPhone.collect(WINDOW.plusSeconds(1))).as("nothing more for that window").isEmpty();
    }

    @Test
    void messagesArrivingTogetherInSeveralChatsEachReachTheOfflineDeviceOnce() throws Exception {
        Map<String, Session> senderOf = new HashMap<>();
        for (int i = 0; i < 4; i++) {
            Session sender = client.registerAndLogin(StandaloneTest.uniqueName("sender"));
            ParleyClient.Response created = client.post("/api/v1/conversations/groups", sender.accessToken(),
                    Map.of("title", "group " + i, "memberIds", List.of(bob.userId())));
            assertThat(created.status()).isEqualTo(201);
            senderOf.put(created.text("conversationId"), sender);
        }

        ExecutorService senders = Executors.newFixedThreadPool(senderOf.size());
        try {
            List<Future<Integer>> sent = new ArrayList<>();
            senderOf.forEach((group, sender) -> sent.add(senders.submit(() -> client.post(
                    "/api/v1/conversations/" + group + "/messages", sender.accessToken(),
                    Map.of("clientMessageId", UUID.randomUUID().toString(), "text", "all at once")).status())));
            for (Future<Integer> status : sent) {
                assertThat(status.get()).isEqualTo(201);
            }
        } finally {
            senders.shutdown();
        }

        List<WebPushReceiver.Push> pushes = bobsPhone.collect(WINDOW.plusSeconds(2));
        assertThat(pushes).extracting(push -> push.payload().path("conversationId").asText())
                .containsExactlyInAnyOrderElementsOf(senderOf.keySet());
        assertThat(pushes).allSatisfy(push -> assertThat(push.payload().path("seq").asLong()).isEqualTo(1));
    }

    @Test
    void noPushToADeviceWithAnOpenSocketNorToTheSendersOwnDevices() throws Exception {
        try (WebPushReceiver alicesPhone = WebPushReceiver.start()) {
            assertThat(client.post("/api/v1/push/subscriptions", alice.accessToken(), alicesPhone.subscription()).status())
                    .isEqualTo(201);
            try (SocketClient socket = SocketClient.connect(port, bob.accessToken())) {
                socket.send(Map.of("type", "resume", "id", "live", "positions", Map.of()));
                socket.await(frame -> frame.path("id").asText().equals("live"), SOON);

                send(alice, "bob is online");

                socket.await("message");
                assertThat(bobsPhone.collect(WINDOW)).as("bob's phone has its socket open").isEmpty();
            }
            assertThat(alicesPhone.requests()).as("alice sent it: none of her devices is told").isZero();
        }
    }

    @Test
    void aMutedConversationGetsNoPushUntilTheMuteExpires() throws Exception {
        Instant until = Instant.now().plusSeconds(2);
        ParleyClient.Response muted = client.put("/api/v1/push/mutes/" + conversation, bob.accessToken(),
                Map.of("until", until.toString()));
        assertThat(muted.status()).isEqualTo(200);
        assertThat(client.get("/api/v1/push/settings", bob.accessToken()).body().path("mutes").get(0)
                .path("conversationId").asText()).isEqualTo(conversation);

        send(alice, "while muted");
        assertThat(bobsPhone.collect(WINDOW)).isEmpty();

        Thread.sleep(Math.max(0, Duration.between(Instant.now(), until).toMillis()) + 200);
        send(alice, "after the mute");
        assertThat(bobsPhone.await(SOON).payload().path("seq").asLong()).isEqualTo(2);
    }

    @Test
    void unmutingBringsPushesBack() throws Exception {
        client.put("/api/v1/push/mutes/" + conversation, bob.accessToken(),
                Map.of("until", Instant.now().plusSeconds(3600).toString()));
        assertThat(client.delete("/api/v1/push/mutes/" + conversation, bob.accessToken()).status()).isEqualTo(204);

        send(alice, "can you hear me");

        assertThat(bobsPhone.await(SOON).payload().path("seq").asLong()).isEqualTo(1);
    }

    @Test
    void noPushForMessagesTheUserHasReadMeanwhile() throws Exception {
        send(alice, "first");
        assertThat(bobsPhone.await(SOON).payload().path("seq").asLong()).isEqualTo(1);
        send(alice, "second, waiting for the window's end");
        Session bobsLaptop = client.login(bobName, "laptop");
        assertThat(client.post("/api/v1/conversations/" + conversation + "/read", bobsLaptop.accessToken(),
                Map.of("upToSeq", 2)).status()).isBetween(200, 204);

        assertThat(bobsPhone.collect(WINDOW.plusSeconds(1))).as("seq 2 was read before its push was due").isEmpty();
    }

    @Test
    void aSubscriptionThePushServiceSaysIsGoneIsRemoved() throws Exception {
        bobsPhone.answerNext(410);
        send(alice, "anyone there?");
        awaitRequests(1);

        Thread.sleep(WINDOW.toMillis() + 300);
        send(alice, "hello?");
        assertThat(bobsPhone.collect(WINDOW)).isEmpty();
        assertThat(bobsPhone.requests()).as("the subscription was removed after the 410").isEqualTo(1);
    }

    @Test
    void tooManyRequestsAndServerErrorsAreRetriedWithBackoff() throws Exception {
        bobsPhone.answerNext(429, 503);

        send(alice, "eventually");

        assertThat(bobsPhone.await(SOON).payload().path("seq").asLong()).isEqualTo(1);
        assertThat(bobsPhone.requests()).isEqualTo(3);
    }

    @Test
    void anUnsubscribedDeviceGetsNoPush() throws Exception {
        assertThat(client.delete("/api/v1/push/subscriptions", bob.accessToken()).status()).isEqualTo(204);

        send(alice, "gone quiet");

        assertThat(bobsPhone.collect(WINDOW)).isEmpty();
        assertThat(bobsPhone.requests()).isZero();
    }

    @Test
    void aDeviceThatLoggedOutIsNotPushedTo() throws Exception {
        assertThat(client.post("/api/v1/auth/logout", bob.accessToken(), null).status()).isBetween(200, 204);
        Thread.sleep(500); // the revocation reaches the gateway as an event

        send(alice, "after logout");

        assertThat(bobsPhone.collect(WINDOW)).isEmpty();
        assertThat(bobsPhone.requests()).isZero();
    }

    /**
     * A stranger's chat is a message request: while it is not accepted the recipient is pushed its first message
     * only, marked as a request and without the text whatever the previews setting; once accepted, pushes as usual.
     */
    @Test
    void aMessageRequestIsPushedOnceAsARequestWithoutItsText() throws Exception {
        assertThat(client.put("/api/v1/push/settings", bob.accessToken(), Map.of("previews", true)).status())
                .isEqualTo(200);
        String carolName = StandaloneTest.uniqueName("carol");
        Session carol = client.registerAndLogin(carolName);
        String request = client.post("/api/v1/conversations/direct", carol.accessToken(),
                Map.of("peerUserId", bob.userId())).text("conversationId");

        send(request, carol, "hi, I sell crypto");
        JsonNode first = bobsPhone.await(SOON).payload();
        assertThat(first.path("conversationId").asText()).isEqualTo(request);
        assertThat(first.path("seq").asLong()).isEqualTo(1);
        assertThat(first.path("request").asBoolean()).isTrue();
        assertThat(first.path("senderName").asText()).isEqualTo(carolName);
        assertThat(first.has("preview")).as("a stranger's text stays off the lock screen").isFalse();
        send(request, carol, "hello?");
        Thread.sleep(WINDOW.toMillis() + 300);
        send(request, carol, "HELLO??");
        assertThat(bobsPhone.collect(WINDOW.plusSeconds(1))).as("one push per request").isEmpty();

        assertThat(client.post("/api/v1/conversations/" + request + "/request/accept", bob.accessToken(), null)
                .status()).isEqualTo(204);
        send(request, carol, "thanks for accepting");
        JsonNode accepted = bobsPhone.await(SOON).payload();
        assertThat(accepted.path("seq").asLong()).isEqualTo(4);
        assertThat(accepted.has("request")).isFalse();
        assertThat(accepted.path("preview").asText()).isEqualTo("thanks for accepting");
    }

    private void send(Session from, String text) {
        send(conversation, from, text);
    }

    private void send(String conversation, Session from, String text) {
        assertThat(client.post("/api/v1/conversations/" + conversation + "/messages", from.accessToken(),
                Map.of("clientMessageId", java.util.UUID.randomUUID().toString(), "text", text)).status()).isEqualTo(201);
    }

    private void awaitRequests(int count) throws InterruptedException {
        long deadline = System.nanoTime() + SOON.toNanos();
        while (bobsPhone.requests() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(bobsPhone.requests()).isEqualTo(count);
    }
}
