package io.parley.media.scanning;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.Optional;

/** The virus scanner, if one is configured; says at start whether uploads are scanned. */
@Configuration
@EnableConfigurationProperties(ScanningProperties.class)
class ScanningConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ScanningConfiguration.class);

    @Bean
    MediaScanning mediaScanning(ScanningProperties properties) {
        if (properties.scanner() == ScanningProperties.Scanner.OFF) {
            log.warn("Media scanning is off (parley.media.scanning.scanner=off): uploads become READY without a "
                    + "virus scan");
            return new MediaScanning(Optional.empty());
        }
        ClamdScanner clamd = new ClamdScanner(properties.clamdHost(), properties.clamdPort(),
                properties.connectTimeout(), properties.timeout());
        log.info("Media are scanned for viruses by {} before they become READY", clamd.name());
        return new MediaScanning(Optional.of(clamd));
    }
}
