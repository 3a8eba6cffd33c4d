package io.parley.gateway.push;

import io.parley.platform.limits.RateLimit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Push notifications to devices without an open socket ({@code parley.push.*}, off unless {@code enabled}).
 * <ul>
 *     <li>{@code vapid}: the application server's key pair (RFC 8292) as PEM files and the contact ({@code subject},
 *     {@code mailto:} or {@code https:}) push services may use; with {@code generate-keys} a missing pair is created
 *     once (standalone). Never defaulted, never logged.</li>
 *     <li>{@code coalesce-window}: at most one push per conversation per device in this time; what arrives meanwhile
 *     goes out as one push at its end, with the newest seq and the unread count.</li>
 *     <li>{@code ttl}: how long a push service keeps a push for a device that is off.</li>
 *     <li>{@code max-attempts}, {@code first-retry-after}: retries of a 429 or 5xx answer, doubling the wait (or the
 *     push service's {@code Retry-After}, when longer).</li>
 *     <li>{@code allow-local-endpoints}: accepts {@code http:} endpoints and endpoints on loopback or private
 *     addresses. For tests only: in production a subscription could otherwise make the server post to the inside
 *     of its own network.</li>
 *     <li>{@code max-queued}: notifications waiting to be worked out; past it new ones are dropped (and counted),
 *     the send path never waits for pushes.</li>
 *     <li>{@code subscribe-per-account}, {@code subscribe-per-address}: rate limits of
 *     {@code POST /api/v1/push/subscriptions} (each one resolves the endpoint's host).</li>
 * </ul>
 */
@ConfigurationProperties("parley.push")
record PushProperties(@DefaultValue("false") boolean enabled, Vapid vapid,
                      @DefaultValue("3s") Duration coalesceWindow, @DefaultValue("1d") Duration ttl,
                      @DefaultValue("4") int maxAttempts, @DefaultValue("1s") Duration firstRetryAfter,
                      @DefaultValue("false") boolean allowLocalEndpoints, @DefaultValue("10000") int maxQueued,
                      @DefaultValue("10/1m, 100/1d") RateLimit subscribePerAccount,
                      @DefaultValue("60/1m, 1000/1d") RateLimit subscribePerAddress) {

    record Vapid(Path privateKeyFile, Path publicKeyFile, @DefaultValue("false") boolean generateKeys, String subject) {
    }
}
