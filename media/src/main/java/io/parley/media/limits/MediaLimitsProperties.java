package io.parley.media.limits;

import io.parley.platform.limits.RateLimit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How many upload sessions may be started per account (the caller) and per client address: each a {@link RateLimit}
 * such as {@code "30/1m, 300/1h"} or {@code "unlimited"}. {@code trackedKeys} bounds the buckets kept in memory.
 */
@ConfigurationProperties("parley.limits")
record MediaLimitsProperties(
        @DefaultValue("30/1m, 300/1h") RateLimit uploadSessionPerAccount,
        @DefaultValue("120/1m, 1500/1h") RateLimit uploadSessionPerAddress,
        @DefaultValue("50000") long trackedKeys) {
}
