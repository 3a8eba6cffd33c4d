package io.parley.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.platform.testing.SocketClient;
import io.parley.standalone.ParleyClient.Session;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The WebSocket stream, with real sockets against the standalone app. */
class RealtimeFlowTest extends StandaloneTest {

    private static final Duration QUIET = Duration.ofMillis(700);

    @Autowired
    EventProcessingConfiguration processing;

    private String aliceName;
    private Session alice;
    private Session bob;
    private String conversation;

    @BeforeEach
    void twoUsersInADirectConversation() {
        aliceName = uniqueName("alice");
        alice = client.registerAndLogin(aliceName);
        bob = client.registerAndLogin(uniqueName("bob"));
        conversation = client.directChat(alice, bob);
    }

    /** Pushes run after the commit, on the processor's thread, never in (or holding up) the sender's unit of work. */
    @Test
    void theRealtimeProjectorReadsStoredEventsOnAThreadOfItsOwn() {
        assertThat(processing.eventProcessorByProcessingGroup("realtime", TrackingEventProcessor.class))
                .hasValueSatisfying(processor -> {
                    assertThat(processor.getName()).startsWith("realtime@");
                    assertThat(processing.tokenStore(processor.getName())).isInstanceOf(InMemoryTokenStore.class);
                });
    }

    @Test
    void handshakeWithoutAValidTokenIsRefusedWith401() {
        for (String token : new String[]{"", "not-a-token", alice.accessToken() + "x"}) {
            assertThatThrownBy(() -> HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws?access_token=" + token), new WebSocket.Listener() {
                    }).join())
                    .isInstanceOf(CompletionException.class)
                    .hasStackTraceContaining("401");
        }
    }

    @Test
    void twoUsersChatWithAcksAndReceipts() throws Exception {
        try (SocketClient alicePhone = live(alice); SocketClient bobPhone = live(bob)) {
            alicePhone.send(Map.of("type", "send", "id", "f1", "conversationId", conversation,
                    "clientMessageId", "c1", "text", "hi bob"));

            JsonNode ack = alicePhone.await(frame -> frame.path("type").asText().equals("ack") && frame.path("id").asText().equals("f1"), Duration.ofSeconds(10));
            assertThat(ack.path("seq").asLong()).isEqualTo(1);
            JsonNode message = bobPhone.await("message");
            assertThat(message.path("text").asText()).isEqualTo("hi bob");
            assertThat(message.path("seq").asLong()).isEqualTo(1);
            assertThat(message.path("senderId").asText()).isEqualTo(alice.userId());
            assertThat(message.path("messageId").asText()).isEqualTo(ack.path("messageId").asText());

            bobPhone.send(Map.of("type", "read", "id", "r1", "conversationId", conversation, "upToSeq", 1));
            JsonNode receipt = alicePhone.await(frame -> frame.path("type").asText().equals("receipt")
                    && frame.path("userId").asText().equals(bob.userId()), Duration.ofSeconds(10));
            assertThat(receipt.path("readUpTo").asLong()).isEqualTo(1);
            assertThat(receipt.path("deliveredUpTo").asLong()).isEqualTo(1);
        }
    }

    @Test
    void everyDeviceOfTheUserGetsTheMessageTheSendersOwnOthersToo() throws Exception {
        try (SocketClient aliceLaptop = live(client.login(aliceName, "laptop"));
             SocketClient alicePhone = live(alice); SocketClient bobPhone = live(bob)) {
            alicePhone.send(Map.of("type", "send", "id", "f1", "conversationId", conversation,
                    "clientMessageId", "c1", "text", "from my phone"));
            assertThat(aliceLaptop.await("message").path("text").asText()).isEqualTo("from my phone");
            assertThat(bobPhone.await("message").path("text").asText()).isEqualTo("from my phone");
        }
    }

    @Test
    void sendRejectionsComeBackAsErrorFramesWithTheRestStatus() throws Exception {
        Session eve = client.registerAndLogin(uniqueName("eve"));
        try (SocketClient evePhone = live(eve); SocketClient bobPhone = live(bob)) {
            evePhone.send(Map.of("type", "send", "id", "x", "conversationId", conversation, "clientMessageId", "e1", "text", "sneaky"));
            JsonNode error = evePhone.await("error");
            assertThat(error.path("id").asText()).isEqualTo("x");
            assertThat(error.path("status").asInt()).isEqualTo(403);
            assertThat(error.path("problemType").asText()).isEqualTo("urn:parley:problem:not-a-member");
            assertThat(bobPhone.collect("message", QUIET)).isEmpty();
        }
    }

    @Test
    void typingReachesOnlyMembersAndExpires() throws Exception {
        Session eve = client.registerAndLogin(uniqueName("eve"));
        try (SocketClient alicePhone = live(alice); SocketClient bobPhone = live(bob); SocketClient evePhone = live(eve)) {
            alicePhone.send(Map.of("type", "typing", "conversationId", conversation, "state", "start"));

            JsonNode started = bobPhone.await("typing");
            assertThat(started.path("userId").asText()).isEqualTo(alice.userId());
            assertThat(started.path("state").asText()).isEqualTo("start");
            JsonNode expired = bobPhone.await(frame -> frame.path("type").asText().equals("typing"), Duration.ofSeconds(4));
            assertThat(expired.path("state").asText()).as("no stop sent: it expires").isEqualTo("stop");
            assertThat(evePhone.collect("typing", QUIET)).isEmpty();

            evePhone.send(Map.of("type", "typing", "id", "t", "conversationId", conversation, "state", "start"));
            assertThat(evePhone.await("error").path("status").asInt()).isEqualTo(403);
            assertThat(bobPhone.collect("typing", QUIET)).isEmpty();
        }
    }

    @Test
    void peopleWhoStartTalkingLearnEachOthersPresenceAndWhenOneLeaves() throws Exception {
        Session carol = client.registerAndLogin(uniqueName("carol"));
        String daveName = uniqueName("dave");
        Session dave = client.registerAndLogin(daveName);
        try (SocketClient carolPhone = live(carol)) {
            SocketClient davePhone = live(dave);
            // carol's chat is a request to dave (each is told the other is offline); dave accepts: now they talk
            client.directChat(carol, dave);

            JsonNode daveSeen = carolPhone.await(frame -> frame.path("type").asText().equals("presence")
                    && frame.path("userId").asText().equals(dave.userId()) && frame.path("online").asBoolean(),
                    Duration.ofSeconds(10));
            assertThat(daveSeen.path("lastSeen").isMissingNode() || daveSeen.path("lastSeen").isNull()).isTrue();
            davePhone.await(frame -> frame.path("type").asText().equals("presence")
                    && frame.path("userId").asText().equals(carol.userId()) && frame.path("online").asBoolean(),
                    Duration.ofSeconds(10));

            davePhone.close();
            // the request's own "offline, no last seen" may still be ahead of it if dave's connect was told late
            JsonNode daveLeft = carolPhone.await(frame -> frame.path("type").asText().equals("presence")
                    && frame.path("userId").asText().equals(dave.userId()) && frame.hasNonNull("lastSeen"),
                    Duration.ofSeconds(10));
            assertThat(daveLeft.path("online").asBoolean()).isFalse();
            assertThat(daveLeft.path("lastSeen").asText()).isNotBlank();
            assertThat(lastSeenOf(daveName, carol)).as("readable through the query side").isNotBlank();
        }
    }

    @Test
    void aRemovedMemberGetsNothingMore() throws Exception {
        String group = client.post("/api/v1/conversations/groups", alice.accessToken(),
                Map.of("title", "team", "memberIds", List.of(bob.userId()))).text("conversationId");
        try (SocketClient alicePhone = live(alice); SocketClient bobPhone = live(bob)) {
            sendRest(alice, group, "g1", "before");
            assertThat(bobPhone.await("message").path("text").asText()).isEqualTo("before");

            assertThat(client.delete("/api/v1/conversations/" + group + "/members/" + bob.userId(), alice.accessToken()).status()).isEqualTo(204);
            JsonNode removed = bobPhone.await(frame -> frame.path("type").asText().equals("conversation")
                    && frame.path("change").asText().equals("memberRemoved"), Duration.ofSeconds(10));
            assertThat(removed.path("userId").asText()).isEqualTo(bob.userId());
            sendRest(alice, group, "g2", "after");
            assertThat(alicePhone.await(frame -> frame.path("type").asText().equals("message")
                    && frame.path("text").asText().equals("after"), Duration.ofSeconds(10))).isNotNull();
            assertThat(bobPhone.collect("message", QUIET)).isEmpty();
        }
    }

    @Test
    void aDeviceThatReconnectsGetsWhatItMissedInOrderWithoutDuplicatesWhileNewOnesArrive() throws Exception {
        List<Long> seen = new ArrayList<>();
        try (SocketClient bobPhone = live(bob)) {
            for (int i = 1; i <= 5; i++) {
                sendRest(alice, conversation, "a" + i, "m" + i);
            }
            for (int i = 1; i <= 5; i++) {
                seen.add(bobPhone.await("message").path("seq").asLong());
            }
        }
        ExecutorService sender = Executors.newSingleThreadExecutor();
        try {
            for (int i = 6; i <= 20; i++) {
                sendRest(alice, conversation, "a" + i, "m" + i);
            }
            Future<?> keepSending = sender.submit(() -> {
                for (int i = 21; i <= 60; i++) {
                    sendRest(alice, conversation, "a" + i, "m" + i);
                }
            });
            try (SocketClient bobAgain = SocketClient.connect(port, bob.accessToken())) {
                bobAgain.send(Map.of("type", "resume", "id", "r", "positions", Map.of(conversation, seen.get(seen.size() - 1))));
                keepSending.get();
                List<JsonNode> rest = bobAgain.collect("message", Duration.ofSeconds(3));
                rest.forEach(frame -> seen.add(frame.path("seq").asLong()));
            }
        } finally {
            sender.shutdownNow();
        }
        assertThat(seen).containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 60).boxed().toList());
    }

    @Test
    void badFramesGetErrorsAndTheSocketAndOthersCarryOn() throws Exception {
        try (SocketClient alicePhone = live(alice); SocketClient bobPhone = live(bob)) {
            alicePhone.sendRaw("this is not json");
            assertThat(alicePhone.await("error").path("problemType").asText()).isEqualTo("urn:parley:problem:invalid-frame");
            alicePhone.send(Map.of("type", "dance", "id", "d"));
            assertThat(alicePhone.await("error").path("id").asText()).isEqualTo("d");
            alicePhone.send(Map.of("type", "send", "id", "s", "conversationId", conversation));
            assertThat(alicePhone.await("error").path("status").asInt()).isEqualTo(400);
            alicePhone.send(Map.of("type", "read", "id", "r", "conversationId", conversation, "upToSeq", "lots"));
            assertThat(alicePhone.await("error").path("status").asInt()).isEqualTo(400);

            alicePhone.send(Map.of("type", "send", "id", "ok", "conversationId", conversation, "clientMessageId", "c1", "text", "still fine"));
            assertThat(bobPhone.await("message").path("text").asText()).isEqualTo("still fine");
        }
    }

    @Test
    void aFrameLargerThanTheSocketsReadBufferArrivesWhole() throws Exception {
        String longest = "é".repeat(4000) + "🙂".repeat(48); // 4,096 chars, the longest text; 8 KiB and more as UTF-8
        try (SocketClient alicePhone = live(alice); SocketClient bobPhone = live(bob)) {
            alicePhone.send(Map.of("type", "send", "id", "long", "conversationId", conversation, "clientMessageId",
                    "long-1", "text", longest));
            assertThat(alicePhone.await("ack").path("id").asText()).isEqualTo("long");
            assertThat(bobPhone.await("message").path("text").asText()).isEqualTo(longest);
        }
    }

    @Test
    void anOversizedFrameClosesOnlyThatSocket() throws Exception {
        try (SocketClient alicePhone = live(alice); SocketClient bobPhone = live(bob)) {
            alicePhone.sendRaw("{\"type\":\"send\",\"text\":\"" + "x".repeat(70 * 1024) + "\"}");
            assertThat(alicePhone.awaitClose(Duration.ofSeconds(10))).isEqualTo(1009);
            sendRest(alice, conversation, "c1", "others unaffected");
            assertThat(bobPhone.await("message").path("text").asText()).isEqualTo("others unaffected");
        }
    }

    private String lastSeenOf(String username, Session asking) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            ParleyClient.Response user = client.get("/api/v1/users/" + username, asking.accessToken());
            if (user.status() == 200 && !user.body().path("lastSeen").isNull() && user.body().has("lastSeen")) {
                return user.text("lastSeen");
            }
            Thread.sleep(50);
        }
        return null;
    }

    /** Connected and resumed with nothing to catch up: live from here. */
    private SocketClient live(Session session) throws InterruptedException {
        return SocketClient.live(port, session.accessToken(), Duration.ofSeconds(10));
    }

    private void sendRest(Session from, String to, String clientMessageId, String text) {
        assertThat(client.post("/api/v1/conversations/" + to + "/messages", from.accessToken(),
                Map.of("clientMessageId", clientMessageId, "text", text)).status()).isEqualTo(201);
    }
}
