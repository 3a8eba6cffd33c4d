package io.parley.command.account;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One device's login session and its refresh-token state. Rotated-out hashes are remembered (the most recent
 * {@link #REMEMBERED}) so that presenting one again is recognised as reuse, not just as an unknown token.
 * {@code sessionId} is what the session's access tokens carry; {@code lastUsedAt} is its last login or refresh.
 */
record DeviceSession(String currentHash, Instant expiresAt, List<String> rotatedOut, boolean revoked, String sessionId,
                     Instant lastUsedAt) {

    static final int REMEMBERED = 100;

    static DeviceSession started(String sessionId, String hash, Instant at, Instant expiresAt) {
        return new DeviceSession(hash, expiresAt, List.of(), false, sessionId, at);
    }

    boolean accepts(String hash, Instant now) {
        return !revoked && currentHash.equals(hash) && now.isBefore(expiresAt);
    }

    /** Not logged out, not revoked, and its refresh token still works: the device counts against the limit. */
    boolean isActive(Instant now) {
        return !revoked && now.isBefore(expiresAt);
    }

    boolean wasRotatedOut(String hash) {
        return rotatedOut.contains(hash);
    }

    DeviceSession rotatedTo(String newHash, Instant at, Instant newExpiresAt) {
        List<String> remembered = new ArrayList<>(rotatedOut);
        remembered.add(currentHash);
        if (remembered.size() > REMEMBERED) {
            remembered.remove(0);
        }
        return new DeviceSession(newHash, newExpiresAt, List.copyOf(remembered), false, sessionId, at);
    }

    DeviceSession revoke() {
        return new DeviceSession(currentHash, expiresAt, rotatedOut, true, sessionId, lastUsedAt);
    }
}
