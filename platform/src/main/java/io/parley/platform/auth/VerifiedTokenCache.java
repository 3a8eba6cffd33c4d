package io.parley.platform.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The access tokens whose signature this node has checked, so that a device's many requests with one token cost one
 * ECDSA check, not one each. Keyed by the exact token string; at most {@code maximumSize} tokens, none kept past its
 * expiry. Only tokens with a valid signature and claims get in: a refused token is never kept, so tokens nobody
 * issued neither grow the cache nor push good ones out. What a hit returns is not yet accepted: the verifier still
 * checks its expiry and its session's revocation on every request.
 * <p>
 * Metrics ({@link #bindTo}): Micrometer's cache meters tagged {@code cache="access-tokens"}; a miss is a signature
 * check.
 */
final class VerifiedTokenCache implements MeterBinder {

    static final String NAME = "access-tokens";

    private final Cache<String, VerifiedAccessToken> tokens;
    private final boolean keeping;
    private final Clock clock;

    VerifiedTokenCache(long maximumSize, Clock clock) {
        this.keeping = maximumSize > 0;
        this.clock = clock;
        this.tokens = Caffeine.newBuilder()
                .maximumSize(maximumSize)
                .expireAfter(Expiry.creating((String token, VerifiedAccessToken verified) -> untilExpiry(verified)))
                .recordStats()
                .build();
    }

    /** The token as verified before, unless it was not or has expired since (by the verifier's clock). */
    Optional<VerifiedAccessToken> get(String token) {
        VerifiedAccessToken verified = tokens.getIfPresent(token);
        if (verified == null) {
            return Optional.empty();
        }
        if (expired(verified)) {
            tokens.invalidate(token);
            return Optional.empty();
        }
        return Optional.of(verified);
    }

    /** Keeps a token whose signature and claims were just verified (unless the size is 0). */
    void put(String token, VerifiedAccessToken verified) {
        // with a maximum size of 0, Caffeine would still answer from an entry until its (asynchronous) eviction
        if (keeping && !expired(verified)) {
            tokens.put(token, verified);
        }
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        CaffeineCacheMetrics.monitor(registry, tokens, NAME);
    }

    long size() {
        tokens.cleanUp();
        return tokens.estimatedSize();
    }

    /** As the token parser's check: expired once the clock is past {@code exp}. */
    private boolean expired(VerifiedAccessToken verified) {
        return clock.instant().isAfter(verified.expiresAt());
    }

    private Duration untilExpiry(VerifiedAccessToken verified) {
        Duration left = Duration.between(clock.instant(), verified.expiresAt());
        return left.isNegative() ? Duration.ZERO : left;
    }
}
