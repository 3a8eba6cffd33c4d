package io.parley.standalone;

import io.parley.platform.auth.AccessTokenVerifier;
import io.parley.platform.auth.PemKeys;
import io.parley.platform.auth.SessionRevocations;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationExcludeFilter;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;

import java.nio.file.Path;

/**
 * Every Parley module in one JVM, on embedded infrastructure under one data directory. The modules' own
 * {@code @SpringBootApplication}s (the distributed services) are left out of the scan; their libraries are in.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@ComponentScan(basePackages = "io.parley", excludeFilters = {
        @ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class),
        @ComponentScan.Filter(type = FilterType.CUSTOM, classes = AutoConfigurationExcludeFilter.class),
        @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = SpringBootApplication.class)})
public class StandaloneApplication {

    public static void main(String[] args) {
        System.setProperty("axoniq.update-checker.disabled", "true");
        SpringApplication.run(StandaloneApplication.class, args);
    }

    /** The one verifier of this JVM; a first start creates the key pair under the data directory. */
    @Bean
    AccessTokenVerifier accessTokenVerifier(@Value("${parley.jwt.private-key-file}") Path privateKey,
                                            @Value("${parley.jwt.public-key-file}") Path publicKey,
                                            SessionRevocations revocations,
                                            @Value(AccessTokenVerifier.CACHE_SIZE_PROPERTY) long cacheSize) {
        PemKeys.generateIfMissing(privateKey, publicKey);
        return new AccessTokenVerifier(PemKeys.readPublicKey(publicKey), revocations, cacheSize);
    }
}
