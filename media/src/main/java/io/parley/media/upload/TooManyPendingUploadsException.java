package io.parley.media.upload;

import io.parley.api.problem.Rejection;

import java.time.Duration;

/** The user has as many upload sessions pending as allowed; one frees up after {@code retryAfter} at the latest. */
public class TooManyPendingUploadsException extends RuntimeException {

    private final Duration retryAfter;

    TooManyPendingUploadsException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public Rejection rejection() {
        return Rejection.TOO_MANY_PENDING_UPLOADS;
    }

    /** Whole seconds, at least one. */
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
