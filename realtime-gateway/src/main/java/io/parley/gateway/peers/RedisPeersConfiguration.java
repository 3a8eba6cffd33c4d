package io.parley.gateway.peers;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.ClientOptions;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.data.redis.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

import java.time.Duration;

/** {@code parley.gateway.shared-state=redis}: the Redis the gateway nodes share ({@code spring.data.redis.*}). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "parley.gateway.shared-state", havingValue = "redis")
class RedisPeersConfiguration {

    /**
     * With Redis down, commands fail at once instead of queueing until it is back: typing must not wait for it. On the
     * options Spring Boot builds, so {@code spring.data.redis.connect-timeout}, {@code timeout} and {@code ssl} hold.
     */
    @Bean
    LettuceClientOptionsBuilderCustomizer failFastWhileDisconnected() {
        return options -> options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
    }

    /** The pub/sub listener container is RedisPeers' own (not a bean): a start with Redis down must not fail the node. */
    @Bean
    RedisPeers redisPeers(StringRedisTemplate redis, RedisConnectionFactory connections, ObjectMapper json,
                          @Value("${parley.gateway.node-id:}") String node,
                          @Value("${parley.gateway.presence-ttl:30s}") Duration ttl) {
        RedisMessageListenerContainer listeners = new RedisMessageListenerContainer();
        listeners.setConnectionFactory(connections);
        return new RedisPeers(redis, listeners, json, node, ttl);
    }
}
