package io.parley.platform.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.catalina.startup.Tomcat;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;

import java.util.Arrays;
import java.util.List;

/**
 * The web edges every Parley service shares (each service module and standalone load this one auto-configuration):
 * problem+json for Tomcat's own errors and Axon's failures, strict JSON request bodies, security headers. Access
 * tokens are {@link io.parley.platform.auth.AccessTokenAutoConfiguration}'s.
 */
@AutoConfiguration(after = JacksonAutoConfiguration.class, before = HttpMessageConvertersAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class WebEdgesAutoConfiguration {

    /** Runs after Boot's own Tomcat customizer (order 0), so it replaces the error report valve that one adds. */
    @Bean
    @ConditionalOnClass(Tomcat.class)
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
        return new WebServerFactoryCustomizer<>() {
            @Override
            public void customize(TomcatServletWebServerFactory factory) {
                factory.addContextCustomizers(ProblemErrorReportValve::install);
            }
        };
    }

    /** Standalone's component scan of {@code io.parley} finds it already; a service's does not. */
    @Bean
    @ConditionalOnMissingBean
    UnreadableBodyProblems unreadableBodyProblems() {
        return new UnreadableBodyProblems();
    }

    /** Bean Validation's failures; found by standalone's component scan like the one above. */
    @Bean
    @ConditionalOnMissingBean
    ConstraintProblems constraintProblems() {
        return new ConstraintProblems();
    }

    /** Axon's failures, for every service's endpoints; found by standalone's component scan like the one above. */
    @Bean
    @ConditionalOnMissingBean
    AxonProblems axonProblems() {
        return new AxonProblems();
    }

    /** Last in line of the exception handlers; found by standalone's component scan like the one above. */
    @Bean
    @ConditionalOnMissingBean
    UnexpectedProblems unexpectedProblems() {
        return new UnexpectedProblems();
    }

    /** Request bodies over HTTP only; the application's own mapper (Axon's events, socket frames) stays as it is. */
    @Bean
    MappingJackson2HttpMessageConverter mappingJackson2HttpMessageConverter(ObjectMapper objectMapper) {
        return new MappingJackson2HttpMessageConverter(StrictJson.copyOf(objectMapper));
    }

    /**
     * Media origins for the policy: {@code parley.web.media-origins}, else the object storage's public endpoint,
     * else its endpoint (standalone's embedded S3 server, on a port of its own); for images and audio/video also the
     * caching edge's origin of CDN links ({@code parley.media.cdn.base-url}) where links are issued (a secret is set).
     */
    @Bean
    FilterRegistrationBean<SecurityHeadersFilter> securityHeadersFilter(Environment environment) {
        String origins = firstNonBlank(environment.getProperty("parley.web.media-origins"),
                environment.getProperty("parley.media.storage.public-endpoint"),
                environment.getProperty("parley.media.storage.endpoint"));
        List<String> mediaOrigins = origins == null ? List.of() : Arrays.asList(origins.split(","));
        String cdnBaseUrl = environment.getProperty("parley.media.cdn.base-url");
        List<String> cdnOrigins = firstNonBlank(environment.getProperty("parley.media.cdn.secret")) == null
                || firstNonBlank(cdnBaseUrl) == null ? List.of() : List.of(cdnBaseUrl);
        FilterRegistrationBean<SecurityHeadersFilter> registration =
                new FilterRegistrationBean<>(new SecurityHeadersFilter(mediaOrigins, cdnOrigins));
        // after Boot's ForwardedHeaderFilter (highest precedence), before the security chain and everything else
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    private static String firstNonBlank(String... values) {
        return Arrays.stream(values).filter(value -> value != null && !value.isBlank()).findFirst().orElse(null);
    }
}
