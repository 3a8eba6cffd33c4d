package io.parley.gateway;

import io.parley.api.auth.AccessTokenFilter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;

import java.nio.file.Path;

/** This module as a service of its own, for the distributed topology. The standalone app composes the module instead. */
@SpringBootApplication
public class GatewayApplication {

    public static void main(String[] args) {
        System.setProperty("axoniq.update-checker.disabled", "true");
        SpringApplication.run(GatewayApplication.class, args);
    }

    @Bean
    FilterRegistrationBean<AccessTokenFilter> accessTokenFilter(@Value("${parley.jwt.public-key-file}") Path publicKey) {
        return new FilterRegistrationBean<>(AccessTokenFilter.forPublicKey(publicKey));
    }
}
