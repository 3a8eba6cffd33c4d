package io.parley.platform.auth;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.parley.api.account.UserId;

import java.security.PublicKey;
import java.time.Clock;
import java.util.Collection;
import java.util.Date;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Verifies access tokens locally: signature with the public key alone, then expiry, then that their session has not
 * been revoked (as far as this node's {@link SessionRevocations} know). Unsigned tokens ({@code alg: none}), other
 * keys and other algorithms are refused. A token's signature is checked once per node: the tokens that passed are kept
 * ({@link VerifiedTokenCache}) until they expire, and their expiry and revocation are checked again on every call.
 */
public final class AccessTokenVerifier {

    public static final String ISSUER = "parley";
    public static final String DEVICE_CLAIM = "dev";
    public static final String ROLES_CLAIM = "roles";
    /** The login session the token belongs to: revoking the session revokes its tokens, not a later login's. */
    public static final String SESSION_CLAIM = "sid";

    /** Verified tokens kept per node unless told otherwise ({@code parley.jwt.verified-token-cache-size}). */
    public static final long DEFAULT_CACHE_SIZE = 10_000;
    /** The size's property with its default, for the applications that build a verifier. */
    public static final String CACHE_SIZE_PROPERTY =
            "${parley.jwt.verified-token-cache-size:" + DEFAULT_CACHE_SIZE + "}";

    private final JwtParser parser;
    private final SessionRevocations revocations;
    private final VerifiedTokenCache cache;

    public AccessTokenVerifier(PublicKey publicKey, SessionRevocations revocations) {
        this(publicKey, revocations, DEFAULT_CACHE_SIZE);
    }

    /** Keeps at most {@code cacheSize} verified tokens (0: checks every token's signature on every call). */
    public AccessTokenVerifier(PublicKey publicKey, SessionRevocations revocations, long cacheSize) {
        this(publicKey, revocations, cacheSize, Clock.systemUTC());
    }

    AccessTokenVerifier(PublicKey publicKey, SessionRevocations revocations, long cacheSize, Clock clock) {
        this.parser = Jwts.parser().verifyWith(publicKey).requireIssuer(ISSUER)
                .clock(() -> Date.from(clock.instant())).build();
        this.revocations = revocations;
        this.cache = new VerifiedTokenCache(cacheSize, clock);
    }

    public Optional<Caller> verify(String token) {
        return verifyToken(token).map(VerifiedAccessToken::caller);
    }

    public Optional<VerifiedAccessToken> verifyToken(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        return cache.get(token).or(() -> verifySignature(token))
                .filter(verified -> !revocations.isRevoked(verified));
    }

    /** The cache's meters ({@link VerifiedTokenCache}), for the application's meter registry. */
    public MeterBinder cacheMeters() {
        return cache;
    }

    long cachedTokens() {
        return cache.size();
    }

    private Optional<VerifiedAccessToken> verifySignature(String token) {
        try {
            Claims claims = parser.parseSignedClaims(token).getPayload();
            String device = claims.get(DEVICE_CLAIM, String.class);
            if (claims.getSubject() == null || device == null || claims.getExpiration() == null) {
                return Optional.empty();
            }
            Caller caller = new Caller(UserId.of(claims.getSubject()), device, roles(claims.get(ROLES_CLAIM)));
            VerifiedAccessToken signed = new VerifiedAccessToken(caller, claims.get(SESSION_CLAIM, String.class),
                    claims.getExpiration().toInstant());
            cache.put(token, signed);
            return Optional.of(signed);
        } catch (JwtException | IllegalArgumentException invalid) {
            return Optional.empty();
        }
    }

    private static Set<String> roles(Object claim) {
        if (claim instanceof Collection<?> values) {
            return values.stream().map(String::valueOf).collect(Collectors.toUnmodifiableSet());
        }
        return Set.of();
    }
}
