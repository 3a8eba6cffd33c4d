package io.parley.command.account;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One device's refresh-token state. Rotated-out hashes are remembered (the most recent {@link #REMEMBERED})
 * so that presenting one again is recognised as reuse, not just as an unknown token.
 */
record DeviceSession(String currentHash, Instant expiresAt, List<String> rotatedOut, boolean revoked) {

    static final int REMEMBERED = 100;

    static DeviceSession started(String hash, Instant expiresAt) {
        return new DeviceSession(hash, expiresAt, List.of(), false);
    }

    boolean accepts(String hash, Instant now) {
        return !revoked && currentHash.equals(hash) && now.isBefore(expiresAt);
    }

    boolean wasRotatedOut(String hash) {
        return rotatedOut.contains(hash);
    }

    DeviceSession rotatedTo(String newHash, Instant newExpiresAt) {
        List<String> remembered = new ArrayList<>(rotatedOut);
        remembered.add(currentHash);
        if (remembered.size() > REMEMBERED) {
            remembered.remove(0);
        }
        return new DeviceSession(newHash, newExpiresAt, List.copyOf(remembered), false);
    }

    DeviceSession revoke() {
        return new DeviceSession(currentHash, expiresAt, rotatedOut, true);
    }
}
