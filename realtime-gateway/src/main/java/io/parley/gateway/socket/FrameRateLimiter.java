package io.parley.gateway.socket;

/** A token bucket: {@code perSecond} frames a second on average, bursts up to {@code burst}. */
final class FrameRateLimiter {

    private final double perNano;
    private final double burst;
    private double tokens;
    private long last = System.nanoTime();

    FrameRateLimiter(int perSecond, int burst) {
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
    }

    synchronized boolean tryAcquire() {
        long now = System.nanoTime();
        tokens = Math.min(burst, tokens + (now - last) * perNano);
        last = now;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}
