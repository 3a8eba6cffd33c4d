package io.parley.command.account;

import io.parley.platform.auth.PemKeys;
import io.parley.command.axon.AggregateCaches;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.time.Clock;

@Configuration
@EnableConfigurationProperties({AuthProperties.class, LoginThrottleProperties.class})
class AuthConfiguration {

    @Bean
    PasswordEncoder passwordEncoder(AuthProperties properties) {
        return new BCryptPasswordEncoder(properties.bcryptStrength());
    }

    @Bean
    PasswordPolicy passwordPolicy() {
        return PasswordPolicy.withCommonPasswordsList();
    }

    @Bean
    LoginThrottle loginThrottle(LoginThrottleProperties limits) {
        return new LoginThrottle(limits);
    }

    @Bean
    AccessTokenIssuer accessTokenIssuer(AuthProperties properties) {
        if (properties.generateKeys()) {
            PemKeys.generateIfMissing(properties.privateKeyFile(), properties.publicKeyFile());
        }
        return new AccessTokenIssuer(PemKeys.readPrivateKey(properties.privateKeyFile()), properties.accessTokenTtl(),
                Clock.systemUTC());
    }

    @Bean
    DeviceLimit deviceLimit(AuthProperties properties) {
        return new DeviceLimit(properties.maxDevices());
    }

    @Bean
    Cache accountCache(AggregateCaches caches) {
        return caches.bounded("accounts", 10_000);
    }

    @Bean
    SnapshotTriggerDefinition accountSnapshotTrigger(Snapshotter snapshotter) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, 100);
    }
}
