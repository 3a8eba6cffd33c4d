package io.parley.platform.auth;

import io.parley.api.account.DeviceSessionRevoked;
import io.parley.api.account.UserId;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class SessionRevocationsTest {

    private static final Duration TTL = Duration.ofMinutes(15);
    private static final Instant NOW = Instant.parse("2026-12-07T01:00:00Z");
    private static final UserId ALICE = UserId.of(UUID.randomUUID().toString());

    private final AtomicLong nanos = new AtomicLong();
    private final SessionRevocations revocations = new SessionRevocations(TTL, Clock.fixed(NOW, ZoneOffset.UTC), nanos::get);

    @Test
    void aRevokedSessionsTokensAreRevokedAndNoOtherSessions() {
        revocations.record(revoked("phone", "s1", NOW));

        assertThat(revocations.isRevoked(token("phone", "s1"))).isTrue();
        assertThat(revocations.isRevoked(token("phone", "s2"))).as("a later login of the same device").isFalse();
        assertThat(revocations.isRevoked(token("laptop", "s1"))).as("another device").isFalse();
    }

    @Test
    void tokensWithoutASessionIdAreRevokedWithTheSessionThatHadNone() {
        revocations.record(revoked("phone", null, NOW));

        assertThat(revocations.isRevoked(token("phone", null))).isTrue();
        assertThat(revocations.isRevoked(token("phone", "s2"))).isFalse();
    }

    @Test
    void forgetsARevocationOnceEveryTokenItConcernsHasExpired() {
        revocations.record(revoked("phone", "s1", NOW));

        nanos.addAndGet(TTL.minusSeconds(1).toNanos());
        assertThat(revocations.isRevoked(token("phone", "s1"))).isTrue();
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(revocations.isRevoked(token("phone", "s1"))).isFalse();
        assertThat(revocations.size()).isZero();
    }

    @Test
    void ignoresRevocationsOlderThanATokenLifetimeAndTellsListenersOfTheOthers() {
        List<DeviceSessionRevoked> heard = new ArrayList<>();
        revocations.onRevocation(heard::add);
        DeviceSessionRevoked old = revoked("phone", "s0", NOW.minus(TTL).minusSeconds(1));
        DeviceSessionRevoked recent = revoked("phone", "s1", NOW.minus(TTL).plusSeconds(1));

        revocations.record(old);
        revocations.record(recent);

        assertThat(heard).containsExactly(recent);
        assertThat(revocations.size()).isEqualTo(1);
    }

    private static DeviceSessionRevoked revoked(String device, String sessionId, Instant at) {
        return new DeviceSessionRevoked(ALICE, device, DeviceSessionRevoked.Reason.LOGOUT, at, sessionId);
    }

    private static VerifiedAccessToken token(String device, String sessionId) {
        return new VerifiedAccessToken(new Caller(ALICE, device, Set.of()), sessionId, NOW.plus(TTL));
    }
}
