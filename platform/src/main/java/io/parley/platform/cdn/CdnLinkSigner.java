package io.parley.platform.cdn;

import io.parley.api.media.MediaAttachment;
import io.parley.api.media.MediaId;

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
 * {@code ?expires=<epoch seconds>&md5=<base64url(MD5("<expires><path> <secret>"))>}. Who may have a link is decided
 * where it is handed out (the uploader; the members of a conversation the media was sent to). The path names the
 * media, never its storage key, and what it names never changes, so edges may cache it for long. Links are signed when
 * handed out, never stored: they expire.
 */
public class CdnLinkSigner {

    public static final String PREFIX = "/media-cdn/";
    public static final String THUMBNAIL = "/thumbnail";

    private final CdnProperties properties;
    private final Clock clock;

    public CdnLinkSigner(CdnProperties properties) {
        this(properties, Clock.systemUTC());
    }

    CdnLinkSigner(CdnProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    /** {@code thumbnailUrl} is null when the media has none. */
    public record Links(String url, String thumbnailUrl, Instant expiresAt) {
    }

    public boolean enabled() {
        return properties.secret() != null;
    }

    /** Empty when no secret is configured. Whether the media may be downloaded is the caller's to know. */
    public Optional<Links> sign(MediaId mediaId, boolean hasThumbnail) {
        if (!enabled()) {
            return Optional.empty();
        }
        long expires = expiresAt(clock.instant());
        String path = PREFIX + mediaId.value();
        String thumbnail = hasThumbnail ? link(path + THUMBNAIL, expires) : null;
        return Optional.of(new Links(link(path, expires), thumbnail, Instant.ofEpochSecond(expires)));
    }

    /** The attachment with its CDN links, for a member about to receive it; as it is when no links are configured. */
    public MediaAttachment withLinks(MediaAttachment media) {
        if (media == null) {
            return null;
        }
        return sign(media.mediaId(), media.hasThumbnail())
                .map(links -> media.withCdnLinks(links.url(), links.thumbnailUrl(), links.expiresAt()))
                .orElse(media);
    }

    /** Whether {@code md5} signs {@code path} until {@code expires}, and that is not past. */
    public boolean verify(String path, String expires, String md5) {
        if (!enabled() || expires == null || md5 == null || !expires.matches("\\d{1,12}")) {
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
