package io.parley.media.download;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/** How long a signed download URL works. */
@ConfigurationProperties("parley.media.download")
record DownloadProperties(@DefaultValue("5m") Duration urlTtl) {
}
