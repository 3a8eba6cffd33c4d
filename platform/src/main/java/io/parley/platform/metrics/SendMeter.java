package io.parley.platform.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.parley.api.problem.RejectedException;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * {@code parley.sends}: every dispatched send, from the moment it arrives (REST request or socket frame) until its
 * answer is known, tagged by {@code channel} ({@code rest}, {@code socket}) and {@code outcome} ({@code accepted}:
 * stored; {@code rejected}: the client's mistake; {@code failed}: anything else). Its count is the sends, its
 * histogram the send latency.
 */
public final class SendMeter {

    public static final String NAME = "parley.sends";

    private final Timer accepted;
    private final Timer rejected;
    private final Timer failed;

    public SendMeter(MeterRegistry registry, String channel) {
        this.accepted = timer(registry, channel, "accepted");
        this.rejected = timer(registry, channel, "rejected");
        this.failed = timer(registry, channel, "failed");
    }

    /** A send that arrived at {@code startNanos} ({@link System#nanoTime()}) ended, with {@code failure} or null. */
    public void record(long startNanos, Throwable failure) {
        Timer timer = failure == null ? accepted : RejectedException.from(failure).isPresent() ? rejected : failed;
        timer.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    private static Timer timer(MeterRegistry registry, String channel, String outcome) {
        return Timer.builder(NAME)
                .description("Sends, from arrival to the answer (stored or refused)")
                .tag("channel", channel)
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
    }
}
