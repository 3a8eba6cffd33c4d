package io.parley.gateway.push;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.jsonwebtoken.Jwts;
import io.parley.platform.auth.PemKeys;

import java.net.URI;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

/**
 * Voluntary Application Server Identification (RFC 8292): every push request carries a short-lived ES256 JWT for
 * the push service's origin, signed with our key, and the public key the browser subscribed with.
 */
final class Vapid {

    private static final Duration TOKEN_LIFETIME = Duration.ofHours(12);
    private static final Duration TOKEN_REUSE = Duration.ofHours(1);

    private final PrivateKey privateKey;
    private final String publicKey;
    private final String subject;
    private final Cache<String, String> headers = Caffeine.newBuilder()
            .expireAfterWrite(TOKEN_REUSE).maximumSize(1000).build();

    Vapid(PrivateKey privateKey, ECPublicKey publicKey, String subject) {
        this.privateKey = privateKey;
        this.publicKey = Base64.getUrlEncoder().withoutPadding().encodeToString(P256.encode(publicKey));
        this.subject = subject;
    }

    static Vapid load(PushProperties.Vapid settings) {
        if (settings == null || isUnset(settings.privateKeyFile()) || isUnset(settings.publicKeyFile())) {
            throw new IllegalStateException("parley.push.vapid.private-key-file and public-key-file (the realtime "
                    + "gateway: PARLEY_PUSH_VAPID_PRIVATE_KEY_FILE, PARLEY_PUSH_VAPID_PUBLIC_KEY_FILE) are required");
        }
        String subject = settings.subject();
        if (subject == null || !(subject.startsWith("mailto:") || subject.startsWith("https://"))) {
            throw new IllegalStateException("parley.push.vapid.subject (PARLEY_PUSH_CONTACT) must be a mailto: or https: "
                    + "contact the push services may write to; there is no default");
        }
        if (settings.generateKeys()) {
            PemKeys.generateIfMissing(settings.privateKeyFile(), settings.publicKeyFile());
        }
        return new Vapid(PemKeys.readPrivateKey(settings.privateKeyFile()),
                (ECPublicKey) PemKeys.readPublicKey(settings.publicKeyFile()), subject);
    }

    private static boolean isUnset(Path file) {
        return file == null || file.toString().isBlank();
    }

    /** The key browsers subscribe with ({@code applicationServerKey}): the uncompressed point, base64url. */
    String publicKey() {
        return publicKey;
    }

    /** The {@code Authorization} header for a push to this endpoint. */
    String authorization(URI endpoint) {
        String audience = endpoint.getScheme() + "://" + endpoint.getRawAuthority();
        return headers.get(audience, this::sign);
    }

    private String sign(String audience) {
        String token = Jwts.builder()
                .header().add("typ", "JWT").and()
                .audience().single(audience)
                .expiration(Date.from(Instant.now().plus(TOKEN_LIFETIME)))
                .subject(subject)
                .signWith(privateKey, Jwts.SIG.ES256)
                .compact();
        return "vapid t=" + token + ", k=" + publicKey;
    }
}
