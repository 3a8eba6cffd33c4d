package io.parley.platform.auth;

import io.micrometer.core.instrument.binder.MeterBinder;
import org.axonframework.config.EventProcessingConfigurer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How every Parley service (and standalone, once for all its modules) checks access tokens: the verifier with the
 * public key of {@code parley.jwt.public-key-file} (unless the application brings its own, as standalone does to create
 * the key pair first), keeping up to {@code parley.jwt.verified-token-cache-size} verified tokens, the sessions revoked
 * within an access-token lifetime as this node learns them from the event stream. {@link AccessTokenSecurityAutoConfiguration} puts the verifier in front of the API and the socket upgrades.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnProperty("parley.jwt.public-key-file")
public class AccessTokenAutoConfiguration {

    /** Sessions revoked within an access-token lifetime ({@code parley.jwt.access-token-ttl}, as the issuer's). */
    @Bean
    @ConditionalOnMissingBean
    static SessionRevocations sessionRevocations(@Value("${parley.jwt.access-token-ttl:15m}") Duration accessTokenTtl) {
        return new SessionRevocations(accessTokenTtl);
    }

    @Autowired
    void learnRevocations(EventProcessingConfigurer processing, SessionRevocations revocations) {
        SessionRevocationTracking.register(processing, revocations);
    }

    @Bean
    @ConditionalOnMissingBean
    AccessTokenVerifier accessTokenVerifier(@Value("${parley.jwt.public-key-file}") Path publicKey,
                                            SessionRevocations revocations,
                                            @Value(AccessTokenVerifier.CACHE_SIZE_PROPERTY) long cacheSize) {
        return new AccessTokenVerifier(PemKeys.readPublicKey(publicKey), revocations, cacheSize);
    }

    /** The verified-token cache's meters ({@code cache_gets_total{cache="access-tokens"}} and the like). */
    @Bean
    MeterBinder accessTokenCacheMeters(AccessTokenVerifier verifier) {
        return verifier.cacheMeters();
    }
}
