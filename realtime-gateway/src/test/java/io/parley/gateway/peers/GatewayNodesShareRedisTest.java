package io.parley.gateway.peers;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.api.account.UserId;
import io.parley.api.conversation.ConversationId;
import io.parley.api.conversation.GroupCreated;
import io.parley.api.conversation.MessageAccepted;
import io.parley.api.conversation.MessageId;
import io.parley.api.conversation.SendMessage;
import io.parley.api.presence.RecordLastSeen;
import io.parley.api.query.ConversationList;
import io.parley.api.query.ListConversations;
import io.parley.gateway.GatewayOnLocalBuses;
import io.parley.gateway.LocalRedis;
import io.parley.platform.testing.SocketClient;
import io.parley.gateway.membership.Memberships;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two gateway nodes (two gateway services on local buses over one in-memory event store, as every node sees every
 * event) sharing a real Redis with {@code parley.gateway.shared-state=redis}: typing and presence cross nodes, a node
 * that stops without a goodbye takes its users offline within the presence TTL (one surviving node records when they
 * were last seen: at the dead node's last heartbeat), and with Redis down each node still
 * serves its own users (typing, sends) and logs the outage once. Skipped only where no redis-server is installed (CI installs it).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(OutputCaptureExtension.class)
class GatewayNodesShareRedisTest {

    private static final Duration PRESENCE_TTL = Duration.ofSeconds(2);
    private static final Duration TYPING_TTL = Duration.ofSeconds(2);
    private static final Duration CONNECT_TIMEOUT = Duration.ofMillis(1500);
    private static final ConversationId GROUP = ConversationId.of(UUID.randomUUID().toString());
    private static final UserId ALICE = UserId.of(UUID.randomUUID().toString());
    private static final UserId BOB = UserId.of(UUID.randomUUID().toString());
    private static final UserId CAROL = UserId.of(UUID.randomUUID().toString());

    @TempDir
    static Path dir;

    private static GatewayOnLocalBuses buses;
    private static LocalRedis redis;
    private static ConfigurableApplicationContext node1;
    private static ConfigurableApplicationContext node2;

    @BeforeAll
    static void twoNodesShareARedis() throws Exception {
        redis = LocalRedis.start(dir);

        buses = new GatewayOnLocalBuses(dir);
        buses.store(GROUP, new GroupCreated(GROUP, "Team", ALICE, List.of(ALICE, BOB, CAROL), Instant.now()));
        node1 = start("gateway-1");
        node2 = start("gateway-2");
    }

    private static ConfigurableApplicationContext start(String node) throws InterruptedException {
        List<String> arguments = new java.util.ArrayList<>(List.of("--PARLEY_LOG_FORMAT=", "--parley.gateway.shared-state=redis",
                "--parley.gateway.typing-ttl=" + TYPING_TTL.toMillis() + "ms", "--parley.gateway.presence-ttl=" + PRESENCE_TTL.toMillis() + "ms",
                "--spring.data.redis.connect-timeout=" + CONNECT_TIMEOUT.toMillis() + "ms"));
        arguments.addAll(redis.arguments());
        ConfigurableApplicationContext context = buses.start(node, List.of(QuerySideStandIn.class, CommandSideStandIn.class),
                arguments.toArray(String[]::new));
        Memberships view = context.getBean(Memberships.class);
        long replayed = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!view.isMember(GROUP, ALICE) && System.nanoTime() < replayed) {
            Thread.sleep(20);
        }
        return context;
    }

    @AfterAll
    static void stop() throws InterruptedException {
        Stream.of(node1, node2).filter(node -> node != null && node.isActive()).forEach(ConfigurableApplicationContext::close);
        if (redis != null) {
            redis.kill();
        }
    }

    @Test
    @Order(1)
    void aUserOnOneNodeSeesTypingAndPresenceOfAUserOnTheOther() throws Exception {
        SocketClient alice = buses.connect(node1, ALICE);
        try {
            SocketClient bob = buses.connect(node2, BOB);
            assertThat(alice.next(presenceOf(BOB, true))).isNotNull();
            // and the one who comes second learns that the first is online, from the other node
            assertThat(bob.next(presenceOf(ALICE, true))).isNotNull();

            bob.sendRaw(typing("start"));
            JsonNode typing = alice.next(frame -> frame.path("type").asText().equals("typing"));
            assertThat(typing.path("userId").asText()).isEqualTo(BOB.value());
            assertThat(typing.path("state").asText()).isEqualTo("start");

            // the nodes renew their users' keys: a user online on a live node stays online past the TTL
            assertThat(bob.poll(presenceOf(ALICE, false), PRESENCE_TTL.multipliedBy(2))).isNull();

            bob.close();
            JsonNode offline = alice.next(presenceOf(BOB, false));
            assertThat(offline.path("lastSeen").asText()).isNotEmpty();
        } finally {
            alice.close();
        }
    }

    @Test
    @Order(2)
    void theUsersOfANodeThatDiesAreLastSeenAtItsLastHeartbeatRecordedOnceByTheSurvivingNodes() throws Exception {
        ConfigurableApplicationContext node4 = start("gateway-4");
        try {
            SocketClient alice = buses.connect(node1, ALICE);
            SocketClient carol = buses.connect(node2, CAROL);
            try {
                SocketClient bob = buses.connect(node4, BOB);
                assertThat(alice.next(presenceOf(BOB, true))).isNotNull();
                assertThat(carol.next(presenceOf(BOB, true))).isNotNull();
                // node 4 renews at least once while Bob is on it
                Thread.sleep(PRESENCE_TTL.toMillis());
                CommandSideStandIn.lastSeen.clear();

                // node 4 dies holding Bob's socket: it can neither say goodbye nor record when he was last seen
                node4.getBean(LettuceConnectionFactory.class).stop();
                Instant died = Instant.now();
                Instant toldNode1 = Instant.parse(alice.next(presenceOf(BOB, false)).path("lastSeen").asText());
                Instant toldNode2 = Instant.parse(carol.next(presenceOf(BOB, false)).path("lastSeen").asText());
                Thread.sleep(PRESENCE_TTL.toMillis());

                // recorded once across both surviving nodes, at node 4's last heartbeat, no later than its death
                assertThat(CommandSideStandIn.lastSeen).extracting(RecordLastSeen::userId).containsExactly(BOB);
                Instant recorded = CommandSideStandIn.lastSeen.peek().lastSeen();
                assertThat(recorded).isBeforeOrEqualTo(died)
                        .isAfter(died.minus(PRESENCE_TTL.dividedBy(3)).minusSeconds(1));
                assertThat(toldNode1).isEqualTo(recorded);
                assertThat(toldNode2).isEqualTo(recorded);
                // and a device that connects later is told the same
                SocketClient later = buses.connect(node1, ALICE);
                try {
                    assertThat(Instant.parse(later.next(presenceOf(BOB, false)).path("lastSeen").asText())).isEqualTo(recorded);
                } finally {
                    later.close();
                }
            } finally {
                alice.close();
                carol.close();
            }
        } finally {
            node4.close();
        }
    }

    @Test
    @Order(3)
    void aNodeThatStopsWithoutAGoodbyeTakesItsUsersOfflineWithinThePresenceTtlAndTheirTypingStops() throws Exception {
        SocketClient alice = buses.connect(node1, ALICE);
        try {
            SocketClient bob = buses.connect(node2, BOB);
            assertThat(alice.next(presenceOf(BOB, true))).isNotNull();

            bob.sendRaw(typing("start"));
            assertThat(alice.next(typingOf(BOB, "start"))).isNotNull();

            // node 2 loses Redis for good (as a crashed node would): it can say nothing any more
            node2.getBean(LettuceConnectionFactory.class).stop();
            long died = System.nanoTime();
            assertThat(alice.next(presenceOf(BOB, false))).isNotNull();
            assertThat(Duration.ofNanos(System.nanoTime() - died)).isLessThan(PRESENCE_TTL.multipliedBy(2));
            // nor does its "stop" come: node 1 stops the typing indicator itself, soon after the typing TTL
            assertThat(alice.next(typingOf(BOB, "stop"))).isNotNull();
            assertThat(Duration.ofNanos(System.nanoTime() - died)).isLessThan(TYPING_TTL.plusSeconds(2));
        } finally {
            alice.close();
            node2.close();
        }
    }

    @Test
    @Order(4)
    void withRedisDownANodeStillRelaysTypingToItsOwnUsersAndAnswersSendsAndLogsTheOutageOnce(CapturedOutput output) throws Exception {
        redis.kill();
        SocketClient alice = buses.connect(node1, ALICE);
        SocketClient carol = buses.connect(node1, CAROL);
        try {
            for (int i = 0; i < 20; i++) {
                carol.sendRaw(typing(i % 2 == 0 ? "start" : "stop"));
            }
            List<JsonNode> seen = new java.util.ArrayList<>();
            for (int i = 0; i < 20; i++) {
                seen.add(alice.next(frame -> frame.path("type").asText().equals("typing")));
            }
            assertThat(seen).extracting(frame -> frame.path("userId").asText()).containsOnly(CAROL.value());
            carol.sendRaw("{\"type\":\"typing\",\"id\":\"still-here\",\"conversationId\":\"" + UUID.randomUUID()
                    + "\",\"state\":\"start\"}");
            assertThat(carol.next(frame -> frame.path("id").asText().equals("still-here")).path("type").asText())
                    .isEqualTo("error");
            carol.sendRaw("{\"type\":\"send\",\"id\":\"s1\",\"conversationId\":\"" + GROUP.value()
                    + "\",\"clientMessageId\":\"c1\",\"text\":\"hello\"}");
            assertThat(carol.next(frame -> frame.path("id").asText().equals("s1")).path("type").asText()).isEqualTo("ack");
            Thread.sleep(PRESENCE_TTL.toMillis());
            assertThat(output.getAll().split("Redis unreachable", -1)).hasSize(2);
        } finally {
            alice.close();
            carol.close();
        }
    }

    @Test
    @Order(5)
    void aNodeStartedWhileRedisIsDownServesItsOwnUsersAndBothNodesShareAgainOnceRedisIsBack() throws Exception {
        ConfigurableApplicationContext node3 = start("gateway-3");
        try {
            SocketClient bob = buses.connect(node3, BOB);
            SocketClient carol = buses.connect(node3, CAROL);
            try {
                bob.sendRaw(typing("start"));
                assertThat(carol.next(frame -> frame.path("type").asText().equals("typing")).path("userId").asText())
                        .isEqualTo(BOB.value());

                // Redis back: node 3 subscribes for the first time, node 1 resubscribes
                redis.restart();
                SocketClient alice = buses.connect(node1, ALICE);
                try {
                    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                    JsonNode typing = null;
                    while (typing == null && System.nanoTime() < deadline) {
                        bob.sendRaw(typing("start"));
                        typing = alice.poll(frame -> frame.path("type").asText().equals("typing"), Duration.ofMillis(500));
                    }
                    assertThat(typing).isNotNull();
                    assertThat(typing.path("userId").asText()).isEqualTo(BOB.value());
                } finally {
                    alice.close();
                }
            } finally {
                bob.close();
                carol.close();
            }
        } finally {
            node3.close();
        }
    }

    @Test
    @Order(6)
    void theRedisClientTakesSpringsConnectTimeoutAndFailsFastWhileDisconnected() {
        io.lettuce.core.ClientOptions options = node1.getBean(LettuceConnectionFactory.class).getClientConfiguration()
                .getClientOptions().orElseThrow();
        assertThat(options.getSocketOptions().getConnectTimeout()).isEqualTo(CONNECT_TIMEOUT);
        assertThat(options.getDisconnectedBehavior()).isEqualTo(io.lettuce.core.ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
    }

    private static Predicate<JsonNode> typingOf(UserId user, String state) {
        return frame -> frame.path("type").asText().equals("typing") && frame.path("userId").asText().equals(user.value())
                && frame.path("state").asText().equals(state);
    }

    static Predicate<JsonNode> presenceOf(UserId user, boolean online) {
        return frame -> frame.path("type").asText().equals("presence") && frame.path("userId").asText().equals(user.value())
                && frame.path("online").asBoolean() == online;
    }

    private static String typing(String state) {
        return "{\"type\":\"typing\",\"conversationId\":\"" + GROUP.value() + "\",\"state\":\"" + state + "\"}";
    }

    /** The query side's answer that presence asks for (no query side runs here): the event-built view is enough. */
    static final class QuerySideStandIn {

        @QueryHandler
        ConversationList handle(ListConversations query) {
            return new ConversationList(List.of(), null);
        }
    }

    /**
     * Accepts every message (no command side runs here): enough to see that sends are answered; and keeps the
     * last-seen times the nodes record, across nodes.
     */
    static final class CommandSideStandIn {

        static final java.util.Queue<RecordLastSeen> lastSeen = new java.util.concurrent.ConcurrentLinkedQueue<>();

        @CommandHandler
        void handle(RecordLastSeen command) {
            lastSeen.add(command);
        }

        private final java.util.concurrent.atomic.AtomicLong seq = new java.util.concurrent.atomic.AtomicLong();

        @CommandHandler
        MessageAccepted handle(SendMessage command) {
            long next = seq.incrementAndGet();
            return new MessageAccepted(MessageId.at(command.conversationId(), next), next, Instant.now());
        }
    }
}
