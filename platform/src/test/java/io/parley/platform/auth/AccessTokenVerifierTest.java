package io.parley.platform.auth;

import io.jsonwebtoken.Jwts;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parley.api.account.DeviceSessionRevoked;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The verifier with a real ES256 key pair (made here as {@code io.parley.platform.testing.TestAccessTokens} does: that
 * package depends on this one): each token's signature is checked once, while expiry and revocation are still
 * checked on every call, and tokens it refuses are never kept.
 */
class AccessTokenVerifierTest {

    @TempDir
    Path keys;

    private final MovableClock clock = new MovableClock(Instant.now());
    private final SessionRevocations revocations = new SessionRevocations(Duration.ofMinutes(15));
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private KeyPairFiles tokens;
    private AccessTokenVerifier verifier;

    @BeforeEach
    void verifierWithARealKeyPair() {
        tokens = new KeyPairFiles(keys);
        verifier = verifier(AccessTokenVerifier.DEFAULT_CACHE_SIZE);
        verifier.cacheMeters().bindTo(meters);
    }

    @Test
    void aTokenUsedTwiceHasItsSignatureCheckedOnce() {
        String token = tokens.deviceAccessToken("user-1", "phone", "admin");

        VerifiedAccessToken first = verifier.verifyToken(token).orElseThrow();
        VerifiedAccessToken second = verifier.verifyToken(token).orElseThrow();

        assertThat(second).isEqualTo(first);
        assertThat(first.caller().deviceId()).isEqualTo("phone");
        assertThat(first.caller().roles()).containsExactly("admin");
        assertThat(signatureChecks()).isEqualTo(1);
        assertThat(cacheHits()).isEqualTo(1);
    }

    @Test
    void aRevokedSessionsTokenIsRefusedOnTheNextCallThoughItWasVerifiedBefore() {
        String token = tokens.deviceAccessToken("user-1", "phone");
        VerifiedAccessToken verified = verifier.verifyToken(token).orElseThrow();

        revocations.record(new DeviceSessionRevoked(verified.caller().userId(), "phone",
                DeviceSessionRevoked.Reason.LOGOUT, Instant.now(), verified.sessionId()));

        assertThat(verifier.verifyToken(token)).isEmpty();
        assertThat(verifier.verify(token)).isEmpty();
        assertThat(signatureChecks()).as("refused by the revocation, not by a second check").isEqualTo(1);
    }

    @Test
    void aTokenPastItsExpiryIsRefusedThoughItWasVerifiedBefore() {
        String token = tokens.accessToken("user-1");
        Instant expiresAt = verifier.verifyToken(token).orElseThrow().expiresAt();

        clock.set(expiresAt);
        assertThat(verifier.verifyToken(token)).as("valid up to its exp, as the parser has it").isPresent();
        clock.set(expiresAt.plusMillis(1));
        assertThat(verifier.verifyToken(token)).isEmpty();
        assertThat(verifier.cachedTokens()).isZero();
        assertThat(verifier.verifyToken(token)).as("and the parser refuses it too").isEmpty();
    }

    @Test
    void aTamperedTokenIsRefusedEveryTimeAndNeverKept() {
        String token = tokens.accessToken("user-1");
        assertThat(verifier.verifyToken(token)).isPresent();
        int inSignature = token.lastIndexOf('.') + 20;
        char changed = token.charAt(inSignature) == 'A' ? 'B' : 'A';
        String tampered = token.substring(0, inSignature) + changed + token.substring(inSignature + 1);

        assertThat(verifier.verifyToken(tampered)).isEmpty();
        assertThat(verifier.verifyToken(tampered)).isEmpty();

        assertThat(signatureChecks()).as("the good token once, the tampered one each time").isEqualTo(3);
        assertThat(verifier.cachedTokens()).isEqualTo(1);
        assertThat(verifier.verifyToken(token)).as("the good one still works").isPresent();
    }

    @Test
    void tokensNobodyIssuedDoNotGrowTheCache() {
        KeyPairFiles otherKeys = new KeyPairFiles(keys.resolve("other"));
        for (int i = 0; i < 200; i++) {
            assertThat(verifier.verifyToken(UUID.randomUUID().toString())).isEmpty();
            assertThat(verifier.verifyToken("eyJhbGciOiJFUzI1NiJ9." + UUID.randomUUID() + "." + UUID.randomUUID())).isEmpty();
            assertThat(verifier.verifyToken(otherKeys.accessToken("user-" + i))).isEmpty();
        }

        assertThat(verifier.cachedTokens()).isZero();
    }

    @Test
    void keepsAtMostItsSizeAndVerifiesTheOthersAgain() {
        AccessTokenVerifier small = verifier(2);
        for (int i = 0; i < 10; i++) {
            assertThat(small.verifyToken(tokens.accessToken("user-" + i))).isPresent();
        }

        assertThat(small.cachedTokens()).isLessThanOrEqualTo(2);
    }

    @Test
    void aCacheSizeOfZeroChecksEverySignature() {
        AccessTokenVerifier uncached = verifier(0);
        SimpleMeterRegistry uncachedMeters = new SimpleMeterRegistry();
        uncached.cacheMeters().bindTo(uncachedMeters);
        String token = tokens.accessToken("user-1");

        for (int i = 0; i < 3; i++) {
            assertThat(uncached.verifyToken(token)).isPresent();
        }

        assertThat(cacheGets(uncachedMeters, "miss")).isEqualTo(3);
        assertThat(uncached.cachedTokens()).isZero();
    }

    @Test
    void aTokenAlreadyExpiredWhenFirstSeenIsRefusedAndNotKept() {
        String token = tokens.accessToken("user-1");
        clock.set(Instant.now().plus(Duration.ofMinutes(11)));

        assertThat(verifier.verifyToken(token)).isEmpty();
        assertThat(verifier.cachedTokens()).isZero();
    }

    private AccessTokenVerifier verifier(long cacheSize) {
        return new AccessTokenVerifier(PemKeys.readPublicKey(tokens.publicKey()), revocations, cacheSize, clock);
    }

    private double signatureChecks() {
        return cacheGets("miss");
    }

    private double cacheHits() {
        return cacheGets("hit");
    }

    private double cacheGets(String result) {
        return cacheGets(meters, result);
    }

    private static double cacheGets(SimpleMeterRegistry meters, String result) {
        return meters.get("cache.gets").tag("cache", VerifiedTokenCache.NAME).tag("result", result).functionCounter()
                .count();
    }

    /** A key pair under {@code dir} and tokens signed with it, valid for ten minutes. */
    private record KeyPairFiles(Path privateKey, Path publicKey) {

        KeyPairFiles(Path dir) {
            this(dir.resolve("private.pem"), dir.resolve("public.pem"));
            PemKeys.generateIfMissing(privateKey, publicKey);
        }

        String accessToken(String userId) {
            return deviceAccessToken(userId, "laptop");
        }

        String deviceAccessToken(String userId, String deviceId, String... roles) {
            Instant now = Instant.now();
            return Jwts.builder().issuer(AccessTokenVerifier.ISSUER).subject(userId)
                    .claim(AccessTokenVerifier.DEVICE_CLAIM, deviceId)
                    .claim(AccessTokenVerifier.ROLES_CLAIM, List.of(roles))
                    .claim(AccessTokenVerifier.SESSION_CLAIM, UUID.randomUUID().toString())
                    .issuedAt(Date.from(now)).expiration(Date.from(now.plusSeconds(600)))
                    .signWith(PemKeys.readPrivateKey(privateKey), Jwts.SIG.ES256).compact();
        }
    }

    private static final class MovableClock extends Clock {

        private volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
