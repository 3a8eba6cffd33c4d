package io.parley.gateway.push;

import com.fasterxml.jackson.databind.ObjectMapper;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.parley.api.account.UserId;
import io.parley.api.conversation.ConversationId;
import io.parley.api.conversation.GroupCreated;
import io.parley.api.conversation.GroupInvitationsOpened;
import io.parley.api.conversation.MessageId;
import io.parley.api.conversation.MessageSent;
import io.parley.api.query.ConversationList;
import io.parley.api.query.ListConversations;
import io.parley.gateway.GatewayOnLocalBuses;
import io.parley.gateway.LocalRedis;
import io.parley.gateway.membership.Memberships;
import io.parley.gateway.peers.GatewayPeers;
import io.parley.platform.testing.SocketClient;
import io.parley.platform.testing.WebPushReceiver;
import org.axonframework.queryhandling.QueryHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Push with two gateway nodes sharing a real Redis ({@code parley.gateway.shared-state=redis}) and a MongoDB (the
 * push subscriptions), each hearing every message (as every node does): a device gets one push per window however
 * many nodes work the message out, and none while it has a socket on any node. The pushes reach a real RFC 8030
 * receiver ({@link WebPushReceiver}) per device.
 */
class PushNotificationAcrossGatewayNodesTest {

    private static final Duration WINDOW = Duration.ofSeconds(1);
    private static final Duration SOON = Duration.ofSeconds(5);
    private static final ConversationId GROUP = ConversationId.of(UUID.randomUUID().toString());
    private static final UserId ALICE = UserId.of(UUID.randomUUID().toString());
    private static final UserId BOB = UserId.of(UUID.randomUUID().toString());
    private static final UserId CAROL = UserId.of(UUID.randomUUID().toString());
    /** A chat of its own: no node has read Dave's devices before the test subscribes one (they are kept a while). */
    private static final ConversationId OTHER_GROUP = ConversationId.of(UUID.randomUUID().toString());
    private static final UserId DAVE = UserId.of(UUID.randomUUID().toString());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Map<ConversationId, AtomicLong> seqs = new ConcurrentHashMap<>();

    @TempDir
    static Path dir;

    private static LocalRedis redis;
    private static MongoServer mongo;
    private static GatewayOnLocalBuses buses;
    private static ConfigurableApplicationContext node1;
    private static ConfigurableApplicationContext node2;

    @BeforeAll
    static void twoNodesShareARedisAndAMongo() throws Exception {
        redis = LocalRedis.start(dir);
        mongo = new MongoServer(new MemoryBackend());
        String mongoUri = mongo.bindAndGetConnectionString() + "/parley";
        buses = new GatewayOnLocalBuses(dir);
        buses.store(GROUP, new GroupCreated(GROUP, "Team", ALICE, List.of(ALICE, BOB, CAROL), Instant.now()));
        buses.store(OTHER_GROUP, new GroupCreated(OTHER_GROUP, "Other", ALICE, List.of(ALICE, CAROL, DAVE), Instant.now()));
        node1 = start("gateway-1", mongoUri);
        node2 = start("gateway-2", mongoUri);
    }

    private static ConfigurableApplicationContext start(String node, String mongoUri) throws InterruptedException {
        List<String> arguments = new ArrayList<>(List.of("--PARLEY_LOG_FORMAT=", "--parley.gateway.shared-state=redis",
                "--parley.gateway.presence-ttl=2s",
                // the gateway service has a MongoDB client only with push on, as here
                "--spring.data.mongodb.uri=" + mongoUri,
                "--management.health.mongo.enabled=false",
                "--parley.push.enabled=true", "--parley.push.allow-local-endpoints=true",
                "--parley.push.coalesce-window=" + WINDOW.toMillis() + "ms",
                "--parley.push.vapid.private-key-file=" + dir.resolve("vapid-private.pem"),
                "--parley.push.vapid.public-key-file=" + dir.resolve("vapid-public.pem"),
                "--parley.push.vapid.generate-keys=true", "--parley.push.vapid.subject=mailto:admin@localhost"));
        arguments.addAll(redis.arguments());
        ConfigurableApplicationContext context = buses.start(node, List.of(QuerySideStandIn.class),
                arguments.toArray(String[]::new));
        Memberships view = context.getBean(Memberships.class);
        long replayed = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!(view.isMember(GROUP, ALICE) && view.isMember(OTHER_GROUP, DAVE)) && System.nanoTime() < replayed) {
            Thread.sleep(20);
        }
        return context;
    }

    @AfterAll
    static void stop() throws InterruptedException {
        Stream.of(node1, node2).filter(node -> node != null && node.isActive()).forEach(ConfigurableApplicationContext::close);
        if (mongo != null) {
            mongo.shutdownNow();
        }
        if (redis != null) {
            redis.kill();
        }
    }

    @Test
    void aDeviceWithASocketOnTheOtherNodeGetsNoPushAndOneWithoutGetsExactlyOne() throws Exception {
        try (WebPushReceiver bobsPhone = WebPushReceiver.start(); WebPushReceiver bobsTablet = WebPushReceiver.start()) {
            subscribe(node1, BOB, "phone", bobsPhone);
            subscribe(node2, BOB, "tablet", bobsTablet);
            try (SocketClient phone = SocketClient.live(GatewayOnLocalBuses.port(node2),
                    buses.accessToken(BOB, "phone"), SOON)) {
                awaitOnlineSeenFrom(node1, BOB, "phone", true);

                long sent = send(GROUP, "who is in?");

                assertThat(phone.await("message").path("text").asText()).isEqualTo("who is in?");
                List<WebPushReceiver.Push> tablet = bobsTablet.collect(WINDOW.multipliedBy(2).plusSeconds(1));
                assertThat(tablet).as("both nodes heard it; one pushed").hasSize(1);
                assertThat(tablet.get(0).payload().path("conversationId").asText()).isEqualTo(GROUP.value());
                assertThat(tablet.get(0).payload().path("seq").asLong()).isEqualTo(sent);
                assertThat(bobsPhone.requests()).as("the phone has a socket, on node 2").isZero();
            }

            // the socket closed: its node took the record away, so the phone is pushed again, once
            awaitOnlineSeenFrom(node1, BOB, "phone", false);
            long again = send(GROUP, "still there?");
            List<WebPushReceiver.Push> phone = bobsPhone.collect(WINDOW.multipliedBy(2).plusSeconds(1));
            assertThat(phone).hasSize(1);
            assertThat(phone.get(0).payload().path("seq").asLong()).isEqualTo(again);
            assertThat(bobsPhone.failures()).isEmpty();
            assertThat(bobsTablet.failures()).isEmpty();
        }
    }

    @Test
    void messagesWithinTheWindowComeAsOnePushThenOneMoreAtItsEndAcrossNodes() throws Exception {
        try (WebPushReceiver davesPhone = WebPushReceiver.start()) {
            subscribe(node2, DAVE, "phone", davesPhone);

            long first = send(OTHER_GROUP, "one");
            send(OTHER_GROUP, "two");
            long last = send(OTHER_GROUP, "three");

            List<WebPushReceiver.Push> pushes = davesPhone.collect(WINDOW.multipliedBy(3).plusSeconds(1));
            assertThat(pushes).extracting(push -> push.payload().path("seq").asLong())
                    .as("the first at once, the newest at the window's end; not one per node")
                    .containsExactly(first, last);
            assertThat(pushes.get(1).payload().path("unread").asLong()).isEqualTo(3);
        }
    }

    /** A group invitation is pushed once per device, not once per node, with no message in it. */
    @Test
    void anInvitationIsPushedOnceAcrossNodes() throws Exception {
        UserId erin = UserId.of(UUID.randomUUID().toString());
        try (WebPushReceiver erinsPhone = WebPushReceiver.start()) {
            subscribe(node1, erin, "phone", erinsPhone);

            buses.store(GROUP, new GroupInvitationsOpened(GROUP, ALICE, List.of(erin), "Team", false, Instant.now()));

            List<WebPushReceiver.Push> pushes = erinsPhone.collect(Duration.ofSeconds(4));
            assertThat(pushes).as("both nodes heard it; one pushed").hasSize(1);
            assertThat(pushes.get(0).payload().path("type").asText()).isEqualTo("invitation");
            assertThat(pushes.get(0).payload().path("conversationId").asText()).isEqualTo(GROUP.value());
            assertThat(pushes.get(0).payload().path("title").asText()).isEqualTo("Team");
            assertThat(pushes.get(0).payload().has("seq")).isFalse();
            assertThat(erinsPhone.failures()).isEmpty();
        }
    }

    /** Alice's message, written to the event store as the command side would (both nodes hear it): its seq. */
    private static long send(ConversationId conversation, String text) {
        long next = seqs.computeIfAbsent(conversation, id -> new AtomicLong()).incrementAndGet();
        buses.store(conversation, new MessageSent(conversation, MessageId.at(conversation, next), next, ALICE,
                UUID.randomUUID().toString(), text, null, Instant.now()));
        return next;
    }

    private static void subscribe(ConfigurableApplicationContext node, UserId user, String device,
                                  WebPushReceiver receiver) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + GatewayOnLocalBuses.port(node) + "/api/v1/push/subscriptions"))
                .header("Authorization", "Bearer " + buses.accessToken(user, device))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(receiver.subscription()))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
    }

    /** The other node's record of the device reaches Redis off the socket's thread: waited for. */
    private static void awaitOnlineSeenFrom(ConfigurableApplicationContext node, UserId user, String device,
                                            boolean online) throws InterruptedException {
        GatewayPeers peers = node.getBean(GatewayPeers.class);
        long deadline = System.nanoTime() + SOON.toNanos();
        while (peers.deviceOnlineElsewhere(user, device) != online && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(peers.deviceOnlineElsewhere(user, device)).isEqualTo(online);
    }

    /** The conversation list push asks for senders' names (no query side runs here): none known. */
    static final class QuerySideStandIn {

        @QueryHandler
        ConversationList handle(ListConversations query) {
            return new ConversationList(List.of(), null);
        }
    }
}
