package io.parley.command.account;

import io.jsonwebtoken.Jwts;
import io.parley.api.account.UserId;
import io.parley.platform.auth.AccessTokenVerifier;

import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Set;
import java.util.UUID;

/** Signs short-lived access tokens with ES256; every service verifies them with the public key alone. */
class AccessTokenIssuer {

    private final PrivateKey signingKey;
    private final Duration ttl;
    private final Clock clock;

    AccessTokenIssuer(PrivateKey signingKey, Duration ttl, Clock clock) {
        this.signingKey = signingKey;
        this.ttl = ttl;
        this.clock = clock;
    }

    String issue(UserId userId, String deviceId, String sessionId, Set<String> roles) {
        Instant now = clock.instant();
        return Jwts.builder()
                .issuer(AccessTokenVerifier.ISSUER)
                .subject(userId.value())
                .claim(AccessTokenVerifier.DEVICE_CLAIM, deviceId)
                .claim(AccessTokenVerifier.ROLES_CLAIM, roles)
                .claim(AccessTokenVerifier.SESSION_CLAIM, sessionId)
                .id(UUID.randomUUID().toString())
                .issuedAt(Date.from(now))
                .expiration(Date.from(now.plus(ttl)))
                .signWith(signingKey, Jwts.SIG.ES256)
                .compact();
    }

    Duration ttl() {
        return ttl;
    }
}
