package io.parley.platform.auth;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.parley.api.account.UserId;

import java.security.PublicKey;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Verifies access tokens locally: signature with the public key alone, then expiry, then that their session has not
 * been revoked (as far as this node's {@link SessionRevocations} know). Unsigned tokens ({@code alg: none}), other
 * keys and other algorithms are refused.
 */
public final class AccessTokenVerifier {

    public static final String ISSUER = "parley";
    public static final String DEVICE_CLAIM = "dev";
    public static final String ROLES_CLAIM = "roles";
    /** The login session the token belongs to: revoking the session revokes its tokens, not a later login's. */
    public static final String SESSION_CLAIM = "sid";

    private final JwtParser parser;
    private final SessionRevocations revocations;

    public AccessTokenVerifier(PublicKey publicKey, SessionRevocations revocations) {
        this.parser = Jwts.parser().verifyWith(publicKey).requireIssuer(ISSUER).build();
        this.revocations = revocations;
    }

    public Optional<Caller> verify(String token) {
        return verifyToken(token).map(VerifiedAccessToken::caller);
    }

    public Optional<VerifiedAccessToken> verifyToken(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        try {
            Claims claims = parser.parseSignedClaims(token).getPayload();
            String device = claims.get(DEVICE_CLAIM, String.class);
            if (claims.getSubject() == null || device == null || claims.getExpiration() == null) {
                return Optional.empty();
            }
            Caller caller = new Caller(UserId.of(claims.getSubject()), device, roles(claims.get(ROLES_CLAIM)));
            VerifiedAccessToken verified = new VerifiedAccessToken(caller, claims.get(SESSION_CLAIM, String.class),
                    claims.getExpiration().toInstant());
            return revocations.isRevoked(verified) ? Optional.empty() : Optional.of(verified);
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
