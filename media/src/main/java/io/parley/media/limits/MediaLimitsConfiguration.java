package io.parley.media.limits;

import io.parley.platform.limits.RateLimitFilter;
import io.parley.platform.limits.RateLimitRule;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import java.util.List;

/** The rate limit on starting upload sessions (each one reserves storage and presigns URLs). */
@Configuration
@EnableConfigurationProperties(MediaLimitsProperties.class)
class MediaLimitsConfiguration {

    /** Last among the filters: after the security chain (access tokens), whose caller it counts accounts by. */
    @Bean
    FilterRegistrationBean<RateLimitFilter> mediaRateLimitFilter(MediaLimitsProperties limits) {
        List<RateLimitRule> rules = List.of(RateLimitRule.post("upload sessions", "/api/v1/media/upload-session",
                limits.uploadSessionPerAccount(), limits.uploadSessionPerAddress()));
        FilterRegistrationBean<RateLimitFilter> registration =
                new FilterRegistrationBean<>(new RateLimitFilter(rules, limits.trackedKeys()));
        registration.setName("mediaRateLimitFilter");
        registration.addUrlPatterns("/api/*");
        registration.setOrder(Ordered.LOWEST_PRECEDENCE);
        return registration;
    }
}
