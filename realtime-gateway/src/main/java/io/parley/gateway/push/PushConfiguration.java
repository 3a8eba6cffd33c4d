package io.parley.gateway.push;

import io.parley.platform.limits.RateLimitFilter;
import io.parley.platform.limits.RateLimitRule;
import io.parley.gateway.membership.UserConversations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;

/**
 * Push notifications ({@code parley.push.enabled=true}): the VAPID key pair, the stores, and the senders — Web Push
 * only today; an FCM or APNs {@link PushSender} bean would be picked up beside it.
 */
@Configuration
@ConditionalOnProperty(name = "parley.push.enabled", havingValue = "true")
@EnableConfigurationProperties(PushProperties.class)
class PushConfiguration {

    private static final Logger log = LoggerFactory.getLogger(PushConfiguration.class);

    @Bean
    Vapid vapid(PushProperties properties) {
        Vapid vapid = Vapid.load(properties.vapid());
        if (properties.allowLocalEndpoints()) {
            log.warn("parley.push.allow-local-endpoints is on: pushes may go to http: and to private addresses (tests only)");
        }
        return vapid;
    }

    @Bean
    EndpointPolicy pushEndpointPolicy(PushProperties properties) {
        return new EndpointPolicy(properties.allowLocalEndpoints());
    }

    @Bean
    PushSender webPushSender(Vapid vapid, EndpointPolicy endpoints) {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        return new WebPushSender(http, vapid, endpoints);
    }

    /** Last among the filters, like the other services' rate limits: after the security chain (access tokens). */
    @Bean
    FilterRegistrationBean<RateLimitFilter> pushRateLimitFilter(PushProperties properties) {
        FilterRegistrationBean<RateLimitFilter> registration = new FilterRegistrationBean<>(new RateLimitFilter(
                List.of(RateLimitRule.post("push subscriptions", "/api/v1/push/subscriptions",
                        properties.subscribePerAccount(), properties.subscribePerAddress())), 50_000));
        registration.setName("pushRateLimitFilter");
        registration.addUrlPatterns("/api/v1/push/*");
        registration.setOrder(Ordered.LOWEST_PRECEDENCE);
        return registration;
    }

    @Bean
    PushSubscriptions pushSubscriptions(MongoTemplate mongo) {
        return new PushSubscriptions(mongo);
    }

    @Bean
    PushPreferences pushPreferences(MongoTemplate mongo) {
        return new PushPreferences(mongo);
    }

    @Bean
    SenderNames senderNames(UserConversations conversations) {
        return new SenderNames(conversations);
    }
}
