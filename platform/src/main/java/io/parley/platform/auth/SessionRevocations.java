package io.parley.platform.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.parley.api.account.DeviceSessionRevoked;
import io.parley.api.account.UserId;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The device sessions revoked within the last access-token lifetime, as this node learned them from the event stream
 * ({@link SessionRevocationTracking}). Older revocations need no memory: every access token they could concern has
 * expired. Listeners hear each revocation as it arrives (the gateway closes the session's sockets).
 */
public final class SessionRevocations {

    private record RevokedSession(UserId userId, String deviceId, String sessionId) {
    }

    private final Cache<RevokedSession, Boolean> revoked;
    private final Duration accessTokenTtl;
    private final Clock clock;
    private final List<Consumer<DeviceSessionRevoked>> listeners = new CopyOnWriteArrayList<>();

    public SessionRevocations(Duration accessTokenTtl) {
        this(accessTokenTtl, Clock.systemUTC(), Ticker.systemTicker());
    }

    SessionRevocations(Duration accessTokenTtl, Clock clock, Ticker ticker) {
        this.accessTokenTtl = accessTokenTtl;
        this.clock = clock;
        // written when learned, at or after the revocation: an entry outlives every token it concerns
        this.revoked = Caffeine.newBuilder().expireAfterWrite(accessTokenTtl).ticker(ticker).build();
    }

    /** How far back a (re)started node must read the event stream to know every revocation that still matters. */
    public Duration accessTokenTtl() {
        return accessTokenTtl;
    }

    public void record(DeviceSessionRevoked event) {
        if (event.revokedAt().plus(accessTokenTtl).isBefore(clock.instant())) {
            return;
        }
        revoked.put(new RevokedSession(event.userId(), event.deviceId(), event.sessionId()), Boolean.TRUE);
        listeners.forEach(listener -> listener.accept(event));
    }

    public boolean isRevoked(VerifiedAccessToken token) {
        Caller caller = token.caller();
        return revoked.getIfPresent(new RevokedSession(caller.userId(), caller.deviceId(), token.sessionId())) != null;
    }

    /** Whether a revocation ends the session this token belongs to. */
    public static boolean concerns(DeviceSessionRevoked event, VerifiedAccessToken token) {
        return event.userId().equals(token.caller().userId()) && event.deviceId().equals(token.caller().deviceId())
                && Objects.equals(event.sessionId(), token.sessionId());
    }

    public void onRevocation(Consumer<DeviceSessionRevoked> listener) {
        listeners.add(listener);
    }

    long size() {
        revoked.cleanUp();
        return revoked.estimatedSize();
    }
}
