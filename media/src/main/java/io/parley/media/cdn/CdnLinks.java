package io.parley.media.cdn;

import io.parley.media.asset.MediaRecord;
import io.parley.media.scanning.MediaScanning;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Signed, expiring CDN links to a media ({@code /media-cdn/{mediaId}}) and its thumbnail
 * ({@code /media-cdn/{mediaId}/thumbnail}), in the shape nginx's {@code secure_link} checks:
 * {@code ?expires=<epoch seconds>&md5=<base64url(MD5("<expires><path> <secret>"))>}. Only media that may be downloaded
 * get one ({@link MediaScanning#isAvailable}); who may have it is decided where it is handed out (the uploader and the
 * members of a conversation it was sent to). The path names the media, never its storage key, and what it names never
 * changes, so edges may cache it for long.
 */
@Component
@EnableConfigurationProperties(CdnProperties.class)
public class CdnLinks {

    public static final String PREFIX = "/media-cdn/";
    public static final String THUMBNAIL = "/thumbnail";
    private static final Logger log = LoggerFactory.getLogger(CdnLinks.class);

    private final CdnProperties properties;
    private final MediaScanning scanning;
    private final Clock clock = Clock.systemUTC();

    CdnLinks(CdnProperties properties, MediaScanning scanning) {
        this.properties = properties;
        this.scanning = scanning;
        if (properties.secret() == null) {
            log.info("No CDN links for media (parley.media.cdn.secret is not set): clients download through "
                    + "short-lived storage URLs only");
        } else {
            log.info("Media get CDN links under {}{} valid for {}", properties.baseUrl(), PREFIX, properties.urlTtl());
        }
    }

    public record Links(String url, String thumbnailUrl, Instant expiresAt) {
    }

    /** Empty when no secret is configured or the media may not be downloaded (yet). */
    public Optional<Links> of(MediaRecord record) {
        if (properties.secret() == null || !scanning.isAvailable(record)) {
            return Optional.empty();
        }
        long expires = expiresAt(clock.instant());
        String path = PREFIX + record.mediaId().value();
        String thumbnail = record.thumbnailKey() == null ? null : link(path + THUMBNAIL, expires);
        return Optional.of(new Links(link(path, expires), thumbnail, Instant.ofEpochSecond(expires)));
    }

    /** Whether {@code md5} signs {@code path} until {@code expires}, and that is not past. */
    public boolean verify(String path, String expires, String md5) {
        if (properties.secret() == null || expires == null || md5 == null || !expires.matches("\\d{1,12}")) {
            return false;
        }
        long until = Long.parseLong(expires);
        return until > clock.instant().getEpochSecond()
                && MessageDigest.isEqual(sign(path, until).getBytes(StandardCharsets.US_ASCII),
                md5.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Links are valid for 1 to 1.5 × the TTL, rounded to half-TTL steps: the same link for a while, which browsers
     * cache too.
     */
    private long expiresAt(Instant now) {
        long step = Math.max(1, properties.urlTtl().toSeconds() / 2);
        return (now.getEpochSecond() / step + 3) * step;
    }

    private String link(String path, long expires) {
        return properties.baseUrl() + path + "?expires=" + expires + "&md5=" + sign(path, expires);
    }

    private String sign(String path, long expires) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5")
                    .digest((expires + path + " " + properties.secret()).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
