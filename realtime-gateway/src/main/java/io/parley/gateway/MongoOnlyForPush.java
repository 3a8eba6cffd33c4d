package io.parley.gateway;

import org.springframework.boot.autoconfigure.data.mongo.MongoDataAutoConfiguration;
import org.springframework.boot.autoconfigure.data.mongo.MongoRepositoriesAutoConfiguration;
import org.springframework.boot.autoconfigure.mongo.MongoAutoConfiguration;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.Map;
import java.util.stream.Stream;

/**
 * The gateway service keeps nothing in MongoDB but push's subscriptions, mutes and preview settings: with
 * {@code parley.push.enabled} off it has no MongoDB client (none to configure, none connecting in the background,
 * none in its health). Spring Boot's exclusions apply to the whole context, so this decides before it is refreshed;
 * the service's own {@code spring.autoconfigure.exclude}, if set, still wins.
 */
final class MongoOnlyForPush implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    static final String PROPERTY_SOURCE = "gateway-without-push";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ConfigurableEnvironment environment = context.getEnvironment();
        if (environment.getProperty("parley.push.enabled", Boolean.class, false)) {
            return;
        }
        String mongo = String.join(",", Stream.of(MongoAutoConfiguration.class, MongoDataAutoConfiguration.class,
                MongoRepositoriesAutoConfiguration.class).map(Class::getName).toList());
        environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE,
                Map.of("spring.autoconfigure.exclude", mongo)));
    }
}
