package io.parley.gateway.peers;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

import java.util.List;

/**
 * A {@code parley.gateway.shared-state} that neither {@link LocalPeers} nor {@link RedisPeers} takes stops the start
 * with a message naming the allowed values, instead of a missing {@link GatewayPeers} bean. As the only
 * {@link GatewayPeers} then, it fails whichever bean asks for it first.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(UnknownSharedStateConfiguration.Unknown.class)
class UnknownSharedStateConfiguration {

    static final String PROPERTY = "parley.gateway.shared-state";
    private static final List<String> ALLOWED = List.of("local", "redis");

    @Bean
    GatewayPeers unknownSharedState(Environment environment) {
        throw new InvalidConfigurationPropertyValueException(PROPERTY, environment.getProperty(PROPERTY),
                "the allowed values are 'local' (one gateway node: typing and presence in process) and 'redis'"
                        + " (several nodes sharing a Redis, spring.data.redis.*)");
    }

    static final class Unknown implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            String value = context.getEnvironment().getProperty(PROPERTY);
            return value != null && ALLOWED.stream().noneMatch(value.trim()::equalsIgnoreCase);
        }
    }
}
