package io.parley.command.limits;

import io.parley.platform.limits.RateLimit;
import io.parley.platform.limits.RateLimitFilter;
import io.parley.platform.limits.RateLimitRule;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import java.util.List;

/** The rate limits of the command side's endpoints (login failures have their own, in the account feature). */
@Configuration
@EnableConfigurationProperties(CommandLimitsProperties.class)
class CommandLimitsConfiguration {

    /** Last among the filters: after the security chain (access tokens), whose caller it counts accounts by. */
    @Bean
    FilterRegistrationBean<RateLimitFilter> commandRateLimitFilter(CommandLimitsProperties limits) {
        List<RateLimitRule> rules = List.of(
                RateLimitRule.post("logins", "/api/v1/auth/login", RateLimit.UNLIMITED, limits.loginPerAddress()),
                RateLimitRule.post("registrations", "/api/v1/auth/register", RateLimit.UNLIMITED,
                        limits.registerPerAddress()),
                RateLimitRule.post("messages", "/api/v1/conversations/*/messages", limits.sendPerAccount(),
                        limits.sendPerAddress()),
                RateLimitRule.post("new groups", "/api/v1/conversations/groups", limits.createGroupPerAccount(),
                        limits.createGroupPerAddress()),
                RateLimitRule.post("new direct conversations", "/api/v1/conversations/direct",
                        limits.startDirectPerAccount(), limits.startDirectPerAddress()),
                RateLimitRule.post("member additions", "/api/v1/conversations/*/members", limits.addMembersPerAccount(),
                        limits.addMembersPerAddress()));
        FilterRegistrationBean<RateLimitFilter> registration =
                new FilterRegistrationBean<>(new RateLimitFilter(rules, limits.trackedKeys()));
        registration.setName("commandRateLimitFilter");
        registration.addUrlPatterns("/api/*");
        registration.setOrder(Ordered.LOWEST_PRECEDENCE);
        return registration;
    }
}
