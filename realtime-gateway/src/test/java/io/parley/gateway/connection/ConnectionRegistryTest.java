package io.parley.gateway.connection;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parley.api.account.UserId;
import io.parley.platform.auth.Caller;
import io.parley.platform.auth.VerifiedAccessToken;
import io.parley.gateway.connection.ConnectionRegistry.Added;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.web.socket.adapter.standard.StandardWebSocketSession;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Which sockets of this node belong to which user, bounded per user, under concurrent connects and disconnects. */
class ConnectionRegistryTest {

    private static final UserId ALICE = UserId.of("alice");
    private static final UserId BOB = UserId.of("bob");

    private final ConnectionRegistry registry = new ConnectionRegistry();

    @Test
    void findsAUsersSocketsOneForEachDevice() {
        DeviceConnection phone = connection(ALICE, "phone");
        DeviceConnection laptop = connection(ALICE, "laptop");
        DeviceConnection bobsPhone = connection(BOB, "phone");

        assertThat(registry.add(phone, 5)).isEqualTo(Added.FIRST);
        assertThat(registry.add(laptop, 5)).isEqualTo(Added.ANOTHER);
        assertThat(registry.add(bobsPhone, 5)).isEqualTo(Added.FIRST);

        assertThat(registry.of(ALICE)).containsExactlyInAnyOrder(phone, laptop);
        assertThat(registry.of(ALICE)).extracting(connection -> connection.caller().deviceId())
                .containsExactlyInAnyOrder("phone", "laptop");
        assertThat(registry.of(BOB)).containsExactly(bobsPhone);
        assertThat(registry.isOnline(ALICE)).isTrue();
        assertThat(registry.size()).isEqualTo(3);
        assertThat(registry.all()).containsExactlyInAnyOrder(phone, laptop, bobsPhone);
    }

    @Test
    void aUserIsOfflineOnceTheLastSocketIsRemoved() {
        DeviceConnection phone = connection(ALICE, "phone");
        DeviceConnection laptop = connection(ALICE, "laptop");
        registry.add(phone, 5);
        registry.add(laptop, 5);

        assertThat(registry.remove(phone)).as("the last one").isFalse();
        assertThat(registry.of(ALICE)).containsExactly(laptop);
        assertThat(registry.remove(laptop)).as("the last one").isTrue();

        assertThat(registry.isOnline(ALICE)).isFalse();
        assertThat(registry.of(ALICE)).isEmpty();
        assertThat(registry.size()).isZero();
        assertThat(registry.remove(laptop)).as("removed twice").isFalse();
    }

    @Test
    void refusesASocketOverTheUsersLimitButNotAnotherUsers() {
        registry.add(connection(ALICE, "one"), 2);
        registry.add(connection(ALICE, "two"), 2);

        assertThat(registry.add(connection(ALICE, "three"), 2)).isEqualTo(Added.REFUSED);
        assertThat(registry.add(connection(BOB, "one"), 2)).isEqualTo(Added.FIRST);
        assertThat(registry.of(ALICE)).hasSize(2);
    }

    @Test
    void aUserNeverSeenHasNoSockets() {
        assertThat(registry.of(ALICE)).isEmpty();
        assertThat(registry.isOnline(ALICE)).isFalse();
        assertThat(registry.remove(connection(ALICE, "phone"))).isFalse();
    }

    @Test
    void staysConsistentUnderConcurrentConnectsAndDisconnects() throws Exception {
        int users = 20;
        int devices = 4;
        int rounds = 200;
        List<DeviceConnection> kept = new ArrayList<>();
        List<Callable<Void>> churn = new ArrayList<>();
        for (int user = 0; user < users; user++) {
            UserId id = UserId.of("user-" + user);
            for (int device = 0; device < devices; device++) {
                DeviceConnection connection = connection(id, "device-" + device);
                boolean keep = device == 0;
                if (keep) {
                    kept.add(connection);
                }
                churn.add(() -> {
                    for (int round = 0; round < rounds; round++) {
                        assertThat(registry.add(connection, devices)).isNotEqualTo(Added.REFUSED);
                        if (!keep || round < rounds - 1) {
                            registry.remove(connection);
                        }
                    }
                    return null;
                });
            }
        }

        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            for (Future<Void> done : threads.invokeAll(churn)) {
                done.get();
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(registry.all()).containsExactlyInAnyOrderElementsOf(kept);
        assertThat(registry.size()).isEqualTo(users);
        IntStream.range(0, users).forEach(user ->
                assertThat(registry.of(UserId.of("user-" + user))).hasSize(1));
    }

    private static DeviceConnection connection(UserId user, String device) {
        VerifiedAccessToken token = new VerifiedAccessToken(new Caller(user, device, Set.of("user")), "session",
                Instant.now().plusSeconds(600));
        StandardWebSocketSession session = new StandardWebSocketSession(new HttpHeaders(), Map.of(), null, null);
        return new DeviceConnection(token, session, 1_000, 64 * 1024, new SimpleMeterRegistry().counter("drops"));
    }
}
