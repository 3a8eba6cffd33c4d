package io.parley.gateway.push;

import io.parley.gateway.membership.UserConversations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.net.http.HttpClient;
import java.time.Duration;

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
