package io.parley.command.account;

import io.parley.platform.limits.RateLimit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How many failed logins are allowed before the next try must wait ({@link LoginThrottle}): per username from one
 * address, per address for any usernames, and per username from all addresses together. Each a {@link RateLimit}.
 */
@ConfigurationProperties("parley.limits.login-failures")
record LoginThrottleProperties(@DefaultValue("5/5m, 20/1h") RateLimit perUserAndAddress,
                               @DefaultValue("20/5m, 100/1h") RateLimit perAddress,
                               @DefaultValue("50/1h, 200/1d") RateLimit perUsername,
                               @DefaultValue("50000") long trackedKeys) {
}
