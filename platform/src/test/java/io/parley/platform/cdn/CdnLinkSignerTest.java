package io.parley.platform.cdn;

import io.parley.api.media.MediaAttachment;
import io.parley.api.media.MediaId;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CdnLinkSignerTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef-test";
    private static final Instant NOW = Instant.parse("2026-12-07T08:00:00Z");
    private static final MediaAttachment PHOTO = new MediaAttachment(MediaId.of("photo-1"), "image", "image/png", 10,
            "etag", true);

    private final CdnLinkSigner signer = signer(SECRET, "https://cdn.example/", NOW);

    @Test
    void signsInNginxSecureLinkShapeAndVerifiesItsOwnLinks() throws Exception {
        CdnLinkSigner.Links links = signer.sign(MediaId.of("photo-1"), true).orElseThrow();
        URI url = URI.create(links.url());
        assertThat(url.getScheme() + "://" + url.getHost() + url.getPath()).isEqualTo("https://cdn.example/media-cdn/photo-1");
        long expires = links.expiresAt().getEpochSecond();
        String md5 = Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("MD5")
                .digest((expires + "/media-cdn/photo-1 " + SECRET).getBytes(StandardCharsets.UTF_8)));
        assertThat(url.getQuery()).isEqualTo("expires=" + expires + "&md5=" + md5);
        assertThat(links.expiresAt()).isBetween(NOW.plus(Duration.ofHours(1)), NOW.plus(Duration.ofMinutes(90)));
        assertThat(links.thumbnailUrl()).startsWith("https://cdn.example/media-cdn/photo-1/thumbnail?expires=" + expires);

        assertThat(signer.verify("/media-cdn/photo-1", Long.toString(expires), md5)).isTrue();
        assertThat(signer.verify("/media-cdn/photo-2", Long.toString(expires), md5)).isFalse();
        assertThat(signer.verify("/media-cdn/photo-1", Long.toString(expires + 1), md5)).isFalse();
        assertThat(signer.verify("/media-cdn/photo-1", "12x", md5)).isFalse();
        assertThat(signer(SECRET, "", NOW.plus(Duration.ofHours(2))).verify("/media-cdn/photo-1",
                Long.toString(expires), md5)).as("expired").isFalse();
        assertThat(signer(SECRET.replace('0', '1'), "", NOW).verify("/media-cdn/photo-1", Long.toString(expires), md5))
                .as("another secret").isFalse();
    }

    @Test
    void attachmentsGetLinksOnlyWhenConfiguredAndAThumbnailLinkOnlyWithAThumbnail() {
        MediaAttachment linked = signer.withLinks(PHOTO);
        assertThat(linked.cdnUrl()).startsWith("https://cdn.example/media-cdn/photo-1?");
        assertThat(linked.cdnThumbnailUrl()).contains("/media-cdn/photo-1/thumbnail?");
        assertThat(linked.cdnUrlExpiresAt()).isAfter(NOW);

        MediaAttachment document = new MediaAttachment(MediaId.of("doc-1"), "document", "application/pdf", 10, "e", false);
        assertThat(signer.withLinks(document).cdnUrl()).isNotNull();
        assertThat(signer.withLinks(document).cdnThumbnailUrl()).isNull();

        CdnLinkSigner off = signer(null, "", NOW);
        assertThat(off.withLinks(PHOTO)).isEqualTo(PHOTO);
        assertThat(off.sign(MediaId.of("photo-1"), true)).isEmpty();
        assertThat(off.verify("/media-cdn/photo-1", "99999999999", "x")).isFalse();
        assertThat(signer.withLinks(null)).isNull();
    }

    @Test
    void shortSecretsAndTtlsAreRefusedAndTheSecretNeverPrinted() {
        assertThatThrownBy(() -> new CdnProperties("short", "", Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CdnProperties(SECRET, "", Duration.ofSeconds(30)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new CdnProperties(SECRET, "", Duration.ofHours(1)).toString()).doesNotContain(SECRET);
    }

    private static CdnLinkSigner signer(String secret, String baseUrl, Instant now) {
        return new CdnLinkSigner(new CdnProperties(secret, baseUrl, Duration.ofHours(1)),
                Clock.fixed(now, ZoneOffset.UTC));
    }
}
