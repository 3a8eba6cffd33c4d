package io.parley.api.auth;

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
 * Verifies access tokens locally: signature with the public key alone, then expiry. Unsigned tokens
 * ({@code alg: none}), other keys and other algorithms are refused.
 */
public final class AccessTokenVerifier {

    public static final String ISSUER = "parley";
    public static final String DEVICE_CLAIM = "dev";
    public static final String ROLES_CLAIM = "roles";

    private final JwtParser parser;

    public AccessTokenVerifier(PublicKey publicKey) {
        this.parser = Jwts.parser().verifyWith(publicKey).requireIssuer(ISSUER).build();
    }

    public Optional<Caller> verify(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        try {
            Claims claims = parser.parseSignedClaims(token).getPayload();
            String device = claims.get(DEVICE_CLAIM, String.class);
            if (claims.getSubject() == null || device == null) {
                return Optional.empty();
            }
            return Optional.of(new Caller(UserId.of(claims.getSubject()), device, roles(claims.get(ROLES_CLAIM))));
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
