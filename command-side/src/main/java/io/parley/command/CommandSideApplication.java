package io.parley.command;

import io.parley.api.auth.AccessTokenFilter;
import io.parley.api.auth.SessionRevocationTracking;
import io.parley.api.auth.SessionRevocations;
import org.axonframework.config.EventProcessingConfigurer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * This module as a service of its own, for the distributed topology (Axon Server, MongoDB, MinIO: see
 * {@code docker-compose.yml}). The standalone app composes the module instead and leaves this class out.
 */
@SpringBootApplication
public class CommandSideApplication {

    /**
     * This service's configuration file, {@code config/parley-command-side.yml} in its jar. Module jars carry no
     * {@code application.yml}: standalone puts every module on one classpath, and its own must stay the only one.
     */
    public static final String CONFIG_NAME = "parley-command-side";

    public static void main(String[] args) {
        System.setProperty("axoniq.update-checker.disabled", "true");
        application().run(args);
    }

    /** The service as {@link #main} starts it: with its own configuration file, which environment variables override. */
    public static SpringApplication application() {
        SpringApplication application = new SpringApplication(CommandSideApplication.class);
        application.setDefaultProperties(Map.of("spring.config.name", CONFIG_NAME));
        return application;
    }

    /** Sessions revoked within an access-token lifetime ({@code parley.jwt.access-token-ttl}, as the issuer's). */
    @Bean
    static SessionRevocations sessionRevocations(@Value("${parley.jwt.access-token-ttl:15m}") Duration accessTokenTtl) {
        return new SessionRevocations(accessTokenTtl);
    }

    @Autowired
    void learnRevocations(EventProcessingConfigurer processing, SessionRevocations revocations) {
        SessionRevocationTracking.register(processing, revocations);
    }

    @Bean
    FilterRegistrationBean<AccessTokenFilter> accessTokenFilter(@Value("${parley.jwt.public-key-file}") Path publicKey,
                                                                SessionRevocations revocations) {
        FilterRegistrationBean<AccessTokenFilter> registration =
                new FilterRegistrationBean<>(AccessTokenFilter.forPublicKey(publicKey, revocations));
        // before the rate limits (the last filters), which count requests by the caller this one finds
        registration.setOrder(Ordered.LOWEST_PRECEDENCE - 1);
        return registration;
    }
}
