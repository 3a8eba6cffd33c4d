package io.parley.platform.auth;

import java.time.Instant;

/** A verified access token: who it speaks for, the login session it belongs to (null for older tokens), its expiry. */
public record VerifiedAccessToken(Caller caller, String sessionId, Instant expiresAt) {
}
