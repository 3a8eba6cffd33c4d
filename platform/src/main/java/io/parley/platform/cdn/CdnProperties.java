package io.parley.platform.cdn;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * CDN URLs for media: issued only when {@code secret} is set (never defaulted; shared with the caching edge, which
 * checks the links with nginx's {@code secure_link}). {@code baseUrl} is where clients reach {@code /media-cdn/…}
 * (empty: this origin); a link works for {@code urlTtl} to 1.5 × {@code urlTtl}. Every service that hands out links
 * (media, query side, realtime gateway) and the edge must have the same secret.
 */
@ConfigurationProperties("parley.media.cdn")
public record CdnProperties(String secret, @DefaultValue("") String baseUrl, @DefaultValue("1h") Duration urlTtl) {

    static final int MIN_SECRET_LENGTH = 32;

    public CdnProperties {
        if (secret != null && secret.isBlank()) {
            secret = null;
        }
        if (secret != null && secret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("parley.media.cdn.secret must have at least " + MIN_SECRET_LENGTH
                    + " characters");
        }
        if (urlTtl.isNegative() || urlTtl.toSeconds() < 60) {
            throw new IllegalArgumentException("parley.media.cdn.url-ttl must be at least a minute");
        }
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    /** Secrets never appear in logs, not even through toString. */
    @Override
    public String toString() {
        return "CdnProperties[baseUrl=" + baseUrl + ", urlTtl=" + urlTtl + ", secret=" + (secret == null ? "none" : "set") + "]";
    }
}
