package io.parley.platform.cdn;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The one {@link CdnLinkSigner} of a service (and of standalone, for all its modules), configured by
 * {@code parley.media.cdn.*}: the media module signs the links of {@code complete} and {@code GET /api/v1/media/{id}}
 * and checks them at its origin, the query side signs those in members' history pages, the realtime gateway those in
 * live {@code message} frames.
 */
@AutoConfiguration
@EnableConfigurationProperties(CdnProperties.class)
public class CdnLinksAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(CdnLinksAutoConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    CdnLinkSigner cdnLinkSigner(CdnProperties properties) {
        if (properties.secret() == null) {
            log.info("No CDN links for media (parley.media.cdn.secret is not set): clients download through "
                    + "short-lived storage URLs only");
        } else {
            log.info("Media get CDN links under {}{} valid for {}", properties.baseUrl(), CdnLinkSigner.PREFIX,
                    properties.urlTtl());
        }
        return new CdnLinkSigner(properties);
    }
}
