package io.parley.gateway.push;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Hands a notification to the sender of its subscription's kind and deals with the answer on the push thread: a
 * subscription the push service says is gone (404, 410) is removed; 429, 5xx and no answer are tried again, the wait
 * doubling from {@code first-retry-after} (or the service's {@code Retry-After}, when longer), up to
 * {@code max-attempts}, as long as the push is still wanted; anything else is logged. Endpoints are never logged
 * whole (they are capabilities): their host only.
 */
final class PushDelivery {

    private static final Duration MAX_RETRY_DELAY = Duration.ofMinutes(10);
    private static final Logger log = LoggerFactory.getLogger(PushDelivery.class);

    private final PushProperties settings;
    private final Map<String, PushSender> senders;
    private final PushSubscriptions subscriptions;
    private final ScheduledExecutorService worker;
    private final Counter delivered;
    private final Counter gone;
    private final Counter failed;
    private final Counter dropped;

    PushDelivery(PushProperties settings, Collection<PushSender> senders, PushSubscriptions subscriptions,
                 ScheduledExecutorService worker, MeterRegistry meters) {
        this.settings = settings;
        this.senders = senders.stream().collect(Collectors.toMap(PushSender::kind, Function.identity()));
        this.subscriptions = subscriptions;
        this.worker = worker;
        this.delivered = outcomes(meters, "delivered");
        this.gone = outcomes(meters, "gone");
        this.failed = outcomes(meters, "failed");
        this.dropped = outcomes(meters, "dropped");
    }

    private static Counter outcomes(MeterRegistry meters, String outcome) {
        return Counter.builder("parley.push.notifications").tag("outcome", outcome)
                .description("Push notifications by how they ended").register(meters);
    }

    boolean serves(PushSubscription device) {
        return senders.containsKey(device.kind());
    }

    /** {@code stillWanted}: asked before each retry (the user may have read it or come online meanwhile). */
    void send(PushSubscription device, PushNotification notification, BooleanSupplier stillWanted) {
        attempt(device, notification, stillWanted, 1);
    }

    /** A notification that never got as far as a push service. */
    void dropped() {
        dropped.increment();
    }

    void failed(RuntimeException failure) {
        failed.increment();
        log.warn("Push notification failed: {}", failure.toString());
    }

    private void attempt(PushSubscription device, PushNotification notification, BooleanSupplier stillWanted,
                         int attempt) {
        senders.get(device.kind()).send(device, notification).whenCompleteAsync((outcome, failure) -> {
            try {
                answered(device, notification, stillWanted, attempt,
                        failure != null ? new PushOutcome.RetryLater(0, null) : outcome);
            } catch (RuntimeException unexpected) {
                failed(unexpected);
            }
        }, worker);
    }

    private void answered(PushSubscription device, PushNotification notification, BooleanSupplier stillWanted,
                          int attempt, PushOutcome outcome) {
        if (outcome instanceof PushOutcome.Delivered) {
            delivered.increment();
        } else if (outcome instanceof PushOutcome.Gone answer) {
            subscriptions.removeIfUnchanged(device);
            gone.increment();
            log.info("Removed a push subscription of user {}: its push service answered {}",
                    device.userId().value(), answer.status());
        } else if (outcome instanceof PushOutcome.RetryLater answer) {
            retry(device, notification, stillWanted, attempt, answer);
        } else if (outcome instanceof PushOutcome.Refused answer) {
            failed.increment();
            log.warn("Push to a device of user {} at {} refused ({})", device.userId().value(),
                    device.endpoint().getHost(), answer.status() == 0 ? "endpoint not allowed" : answer.status());
        }
    }

    private void retry(PushSubscription device, PushNotification notification, BooleanSupplier stillWanted,
                       int attempt, PushOutcome.RetryLater answer) {
        if (attempt >= settings.maxAttempts()) {
            failed.increment();
            log.warn("Push to a device of user {} at {} given up after {} attempts (last answer {})",
                    device.userId().value(), device.endpoint().getHost(), attempt, answer.status());
            return;
        }
        Duration wait = settings.firstRetryAfter().multipliedBy(1L << Math.min(attempt - 1, 20));
        if (answer.retryAfter() != null && answer.retryAfter().compareTo(wait) > 0) {
            wait = answer.retryAfter();
        }
        if (wait.compareTo(MAX_RETRY_DELAY) > 0) {
            wait = MAX_RETRY_DELAY;
        }
        worker.schedule(() -> {
            try {
                if (stillWanted.getAsBoolean()) {
                    attempt(device, notification, stillWanted, attempt + 1);
                }
            } catch (RuntimeException unexpected) {
                failed(unexpected);
            }
        }, wait.toMillis(), TimeUnit.MILLISECONDS);
    }
}
