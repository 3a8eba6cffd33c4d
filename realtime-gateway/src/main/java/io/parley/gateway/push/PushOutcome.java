package io.parley.gateway.push;

import java.time.Duration;

/** How a push service answered one push. */
sealed interface PushOutcome {

    /** Accepted (201): the push service delivers it when it can. */
    record Delivered() implements PushOutcome {
    }

    /** The subscription no longer exists (404, 410): it is removed. */
    record Gone(int status) implements PushOutcome {
    }

    /** Not now (429, 5xx, no answer): tried again later, after {@code retryAfter} when the service said so. */
    record RetryLater(int status, Duration retryAfter) implements PushOutcome {
    }

    /** Refused for good (any other answer, or an endpoint no longer allowed): logged, not retried. */
    record Refused(int status) implements PushOutcome {
    }
}
