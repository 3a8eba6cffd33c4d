package io.parley.platform.limits;

import io.parley.api.problem.RejectedException;
import io.parley.api.problem.Rejection;

import java.time.Duration;

/** A {@link Rejection#TOO_MANY_REQUESTS}: answered with 429 and a {@code Retry-After} of {@link #retryAfterSeconds()}. */
public class TooManyRequestsException extends RejectedException {

    private final long retryAfterSeconds;

    public TooManyRequestsException(String detail, Duration retryAfter) {
        super(Rejection.TOO_MANY_REQUESTS, detail + "; retry in " + RateLimitFilter.retryAfterSeconds(retryAfter) + " s");
        this.retryAfterSeconds = RateLimitFilter.retryAfterSeconds(retryAfter);
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
