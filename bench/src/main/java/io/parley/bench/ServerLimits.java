package io.parley.bench;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Command-line arguments for the server a benchmark starts: every rate limit far above what the benchmark does (many
 * users registered and logged in, thousands of messages, all from 127.0.0.1), so that it measures Parley, not its
 * abuse limits. The limits stay on (their cost is part of what is measured); only their sizes change.
 */
final class ServerLimits {

    private static final String HIGH = "1000000000/1m";

    static final List<String> HIGH_LIMITS = List.of(
            "--parley.limits.login-per-address=" + HIGH,
            "--parley.limits.register-per-address=" + HIGH,
            "--parley.limits.send-per-account=" + HIGH,
            "--parley.limits.send-per-address=" + HIGH,
            "--parley.limits.create-group-per-account=" + HIGH,
            "--parley.limits.create-group-per-address=" + HIGH,
            "--parley.limits.start-direct-per-account=" + HIGH,
            "--parley.limits.start-direct-per-address=" + HIGH,
            "--parley.limits.add-members-per-account=" + HIGH,
            "--parley.limits.add-members-per-address=" + HIGH,
            "--parley.limits.upload-session-per-account=" + HIGH,
            "--parley.limits.upload-session-per-address=" + HIGH,
            "--parley.limits.login-failures.per-user-and-address=" + HIGH,
            "--parley.limits.login-failures.per-address=" + HIGH,
            "--parley.limits.login-failures.per-username=" + HIGH);

    private ServerLimits() {
    }

    /** {@code args} followed by {@link #HIGH_LIMITS}. */
    static String[] with(String... args) {
        return Stream.concat(Arrays.stream(args), HIGH_LIMITS.stream()).toArray(String[]::new);
    }
}
