package io.parley.command.account;

import java.time.Instant;
import java.util.List;

/** An account's devices with an active session, the most recently used first. */
record ActiveDevices(List<Device> devices) {

    /** {@code lastUsedAt}: the session's last login or token refresh. */
    record Device(String deviceId, Instant lastUsedAt) {
    }
}
