package io.parley.media.scanning;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Whether uploads are scanned for viruses before they become READY ({@code scanner}: {@code off} or {@code clamd}),
 * and where clamd listens ({@code INSTREAM} over TCP). {@code timeout} bounds each read of clamd's answer.
 */
@ConfigurationProperties("parley.media.scanning")
record ScanningProperties(@DefaultValue("off") Scanner scanner, @DefaultValue("127.0.0.1") String clamdHost,
                          @DefaultValue("3310") int clamdPort, @DefaultValue("2s") Duration connectTimeout,
                          @DefaultValue("60s") Duration timeout) {

    enum Scanner {
        OFF, CLAMD
    }
}
