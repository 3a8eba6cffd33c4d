package io.parley.gateway.peers;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.api.account.UserId;
import io.parley.api.conversation.ConversationId;
import io.parley.api.conversation.GroupCreated;
import io.parley.api.presence.RecordLastSeen;
import io.parley.gateway.GatewayOnLocalBuses;
import io.parley.gateway.LocalRedis;
import io.parley.gateway.membership.Memberships;
import io.parley.platform.testing.SocketClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.parley.gateway.peers.GatewayNodesShareRedisTest.presenceOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Gateway nodes sharing a real Redis, as in {@link GatewayNodesShareRedisTest}, where one node dies or is cut off:
 * every user of a dead node gets a last seen, recorded once across the surviving nodes, even one none of them had
 * heard of; and a node that
 * comes back after a split longer than the presence TTL makes its users online again for the others and learns who
 * came online meanwhile. One node is cut off alone by pointing it at Redis through a {@link CuttableProxy}.
 */
class GatewayNodesSurviveEachOtherTest {

    private static final Duration PRESENCE_TTL = Duration.ofSeconds(2);
    private static final Duration RENEWAL = PRESENCE_TTL.dividedBy(3);
    private static final ConversationId GROUP = ConversationId.of(UUID.randomUUID().toString());
    private static final UserId ALICE = UserId.of(UUID.randomUUID().toString());
    private static final UserId BOB = UserId.of(UUID.randomUUID().toString());
    private static final UserId CAROL = UserId.of(UUID.randomUUID().toString());

    @TempDir
    static Path dir;

    private static GatewayOnLocalBuses buses;
    private static LocalRedis redis;
    private static final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

    @BeforeAll
    static void aRedis() throws Exception {
        redis = LocalRedis.start(dir);
        buses = new GatewayOnLocalBuses(dir);
        buses.store(GROUP, new GroupCreated(GROUP, "Team", ALICE, List.of(ALICE, BOB, CAROL), Instant.now()));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        nodes.stream().filter(ConfigurableApplicationContext::isActive).forEach(ConfigurableApplicationContext::close);
        if (redis != null) {
            redis.kill();
        }
    }

    @Test
    void aUserOfADeadNodeThatNoSurvivorHadHeardOfIsLastSeenAtItsLastHeartbeatRecordedOnceAcrossTheSurvivors() throws Exception {
        ConfigurableApplicationContext doomed = start("gateway-doomed", redis.port());
        SocketClient bob = buses.connect(doomed, BOB);
        try {
            // the doomed node renews with Bob on it; the survivors start later (say, restarts): nobody there watches Bob
            Thread.sleep(PRESENCE_TTL.toMillis());
            ConfigurableApplicationContext survivor = start("gateway-survivor", redis.port());
            ConfigurableApplicationContext otherSurvivor = start("gateway-other-survivor", redis.port());
            Thread.sleep(RENEWAL.toMillis() * 2);
            GatewayNodesShareRedisTest.CommandSideStandIn.lastSeen.clear();

            doomed.getBean(LettuceConnectionFactory.class).stop();
            Instant died = Instant.now();
            long deadline = System.nanoTime() + PRESENCE_TTL.multipliedBy(3).toNanos();
            while (GatewayNodesShareRedisTest.CommandSideStandIn.lastSeen.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            Thread.sleep(PRESENCE_TTL.toMillis());

            assertThat(GatewayNodesShareRedisTest.CommandSideStandIn.lastSeen).extracting(RecordLastSeen::userId)
                    .containsExactly(BOB);
            Instant recorded = GatewayNodesShareRedisTest.CommandSideStandIn.lastSeen.peek().lastSeen();
            assertThat(recorded).isBeforeOrEqualTo(died).isAfter(died.minus(RENEWAL).minusSeconds(1));
            // contacts who connect to either survivor afterwards are told the same
            for (SocketClient contact : List.of(buses.connect(survivor, ALICE), buses.connect(otherSurvivor, CAROL))) {
                try {
                    JsonNode offline = contact.next(presenceOf(BOB, false));
                    assertThat(offline.path("lastSeen").asText()).isNotEmpty();
                    assertThat(Instant.parse(offline.path("lastSeen").asText())).isEqualTo(recorded);
                } finally {
                    contact.close();
                }
            }
        } finally {
            bob.close();
            doomed.close();
        }
    }

    @Test
    void aNodeBackFromASplitLongerThanTheTtlMakesItsUsersOnlineAgainAndLearnsWhoCameOnlineMeanwhile() throws Exception {
        try (CuttableProxy split = CuttableProxy.to(redis.port())) {
            ConfigurableApplicationContext cutOff = start("gateway-cut-off", split.port());
            ConfigurableApplicationContext other = start("gateway-other", redis.port());
            SocketClient alice = buses.connect(other, ALICE);
            SocketClient bob = buses.connect(cutOff, BOB);
            SocketClient carol = null;
            try {
                assertThat(alice.next(presenceOf(BOB, true))).isNotNull();
                assertThat(bob.next(presenceOf(ALICE, true))).isNotNull();

                split.cut();
                // the other node takes Bob offline after the TTL (his node looks dead from there)...
                assertThat(alice.await(presenceOf(BOB, false), PRESENCE_TTL.multipliedBy(3))).isNotNull();
                // ...and Carol comes online there meanwhile: the cut-off node misses the announcement
                carol = buses.connect(other, CAROL);
                assertThat(alice.next(presenceOf(CAROL, true))).isNotNull();
                Thread.sleep(RENEWAL.toMillis());

                split.reopen();
                // within one renewal of the node reaching Redis again (some slack for a busy machine)
                assertThat(alice.await(presenceOf(BOB, true), RENEWAL.plusSeconds(2))).isNotNull();
                assertThat(bob.await(presenceOf(CAROL, true), RENEWAL.plusSeconds(2))).isNotNull();
            } finally {
                alice.close();
                bob.close();
                if (carol != null) {
                    carol.close();
                }
                cutOff.close();
                other.close();
            }
        }
    }

    private static ConfigurableApplicationContext start(String node, int redisPort) throws InterruptedException {
        List<String> arguments = new ArrayList<>(List.of("--PARLEY_LOG_FORMAT=", "--parley.gateway.shared-state=redis",
                "--parley.gateway.presence-ttl=" + PRESENCE_TTL.toMillis() + "ms",
                "--spring.data.redis.connect-timeout=1500ms"));
        arguments.addAll(redis.arguments(redisPort));
        ConfigurableApplicationContext context = buses.start(node, List.of(GatewayNodesShareRedisTest.QuerySideStandIn.class,
                GatewayNodesShareRedisTest.CommandSideStandIn.class), arguments.toArray(String[]::new));
        nodes.add(context);
        Memberships view = context.getBean(Memberships.class);
        long replayed = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!view.isMember(GROUP, ALICE) && System.nanoTime() < replayed) {
            Thread.sleep(20);
        }
        return context;
    }
}
