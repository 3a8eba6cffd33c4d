package io.parley.platform.testing;

import io.jsonwebtoken.Jwts;
import io.parley.platform.auth.AccessTokenVerifier;
import io.parley.platform.auth.PemKeys;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * An access-token key pair made for a test (ES256, as the command side's), and tokens of devices signed with it; a
 * service under test is given the public half.
 */
public final class TestAccessTokens {

    private final Path privateKey;
    private final Path publicKey;

    /** Makes the key pair under {@code keys}. */
    public TestAccessTokens(Path keys) {
        this.privateKey = keys.resolve("private/access-token-private.pem");
        this.publicKey = keys.resolve("public/access-token-public.pem");
        PemKeys.generateIfMissing(privateKey, publicKey);
    }

    public Path privateKey() {
        return privateKey;
    }

    public Path publicKey() {
        return publicKey;
    }

    /** An access token of a device of the user's, with these roles, valid for ten minutes. */
    public String accessToken(String userId, String... roles) {
        return deviceAccessToken(userId, "laptop", roles);
    }

    /** An access token of the user's device {@code deviceId}, with these roles, valid for ten minutes. */
    public String deviceAccessToken(String userId, String deviceId, String... roles) {
        Instant now = Instant.now();
        return Jwts.builder().issuer(AccessTokenVerifier.ISSUER).subject(userId)
                .claim(AccessTokenVerifier.DEVICE_CLAIM, deviceId)
                .claim(AccessTokenVerifier.ROLES_CLAIM, List.of(roles))
                .claim(AccessTokenVerifier.SESSION_CLAIM, UUID.randomUUID().toString())
                .issuedAt(Date.from(now)).expiration(Date.from(now.plusSeconds(600)))
                .signWith(PemKeys.readPrivateKey(privateKey), Jwts.SIG.ES256).compact();
    }
}
