package io.parley.command.limits;

import io.parley.platform.limits.RateLimit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Request rates of the command side's endpoints, per account (the caller) and per client address; each a
 * {@link RateLimit} such as {@code "60/1m, 1000/1h"} or {@code "unlimited"}. The defaults leave room for people (a
 * whole office behind one address included) and none for scripts. {@code trackedKeys} bounds the buckets kept in memory.
 */
@ConfigurationProperties("parley.limits")
record CommandLimitsProperties(
        @DefaultValue("30/1m, 300/1h") RateLimit loginPerAddress,
        @DefaultValue("10/1h, 50/1d") RateLimit registerPerAddress,
        @DefaultValue("60/1m, 1000/1h") RateLimit sendPerAccount,
        @DefaultValue("300/1m, 10000/1h") RateLimit sendPerAddress,
        @DefaultValue("10/1h, 50/1d") RateLimit createGroupPerAccount,
        @DefaultValue("30/1h, 200/1d") RateLimit createGroupPerAddress,
        @DefaultValue("60/1h, 300/1d") RateLimit startDirectPerAccount,
        @DefaultValue("200/1h, 1000/1d") RateLimit startDirectPerAddress,
        @DefaultValue("60/1h, 300/1d") RateLimit addMembersPerAccount,
        @DefaultValue("200/1h, 1000/1d") RateLimit addMembersPerAddress,
        @DefaultValue("50000") long trackedKeys) {
}
