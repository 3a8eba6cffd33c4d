package io.parley.gateway.push;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.parley.api.account.UserId;
import io.parley.api.auth.SessionRevocations;
import io.parley.api.conversation.ConversationId;
import io.parley.api.conversation.MessageSent;
import io.parley.api.conversation.ReadUpTo;
import io.parley.gateway.membership.Memberships;
import io.parley.gateway.socket.ConnectionRegistry;
import jakarta.annotation.PreDestroy;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Pushes a message to the devices of its recipients that have no open socket. It hears the events beside the
 * realtime projector (same processing group: as they are stored, never history) and only hands them to its own
 * thread, so neither the send path nor the sockets' frames ever wait for a push service.
 * <p>
 * Per device and conversation at most one push per {@code coalesce-window}: the first message goes out at once, what
 * follows within the window goes out as one push at its end (the newest seq, the unread count). Nothing goes to the
 * sender's own devices, to a conversation the user muted, or for a seq the user has read by then; a device that
 * opened a socket meanwhile gets the message there instead.
 */
@Component
@ConditionalOnProperty(name = "parley.push.enabled", havingValue = "true")
@ProcessingGroup(PushNotifier.PROCESSING_GROUP)
@DisallowReplay
class PushNotifier {

    /** The realtime projector's group: a subscribing processor in standalone. */
    static final String PROCESSING_GROUP = "realtime";
    static final int PREVIEW_CHARACTERS = 100;
    private static final Duration MAX_RETRY_DELAY = Duration.ofMinutes(10);

    private static final Logger log = LoggerFactory.getLogger(PushNotifier.class);

    private record Message(ConversationId conversation, long seq, UserId sender, String text) {
    }

    /** A device's push window for one conversation; {@code pending}: the newest message waiting for its end. */
    private static final class Window {
        PushSubscription subscription;
        Message pending;

        Window(PushSubscription subscription) {
            this.subscription = subscription;
        }
    }

    private final PushProperties settings;
    private final PushSubscriptions subscriptions;
    private final PushPreferences preferences;
    private final Map<String, PushSender> senders;
    private final Memberships memberships;
    private final ConnectionRegistry connections;
    private final SenderNames names;
    private final UnreadCounts unread = new UnreadCounts();
    /** Touched by the worker thread only. */
    private final Map<String, Window> windows = new HashMap<>();
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "parley-push");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicInteger queued = new AtomicInteger();
    private final Counter delivered;
    private final Counter gone;
    private final Counter failed;
    private final Counter dropped;

    PushNotifier(PushProperties settings, PushSubscriptions subscriptions, PushPreferences preferences,
                 Collection<PushSender> senders, Memberships memberships, ConnectionRegistry connections,
                 SenderNames names, SessionRevocations revocations, MeterRegistry meters) {
        this.settings = settings;
        this.subscriptions = subscriptions;
        this.preferences = preferences;
        this.senders = senders.stream().collect(Collectors.toMap(PushSender::kind, Function.identity()));
        this.memberships = memberships;
        this.connections = connections;
        this.names = names;
        this.delivered = outcomes(meters, "delivered");
        this.gone = outcomes(meters, "gone");
        this.failed = outcomes(meters, "failed");
        this.dropped = outcomes(meters, "dropped");
        // a device that logged out, or was logged out, is not told about messages any more
        revocations.onRevocation(event -> submit(() ->
                subscriptions.removeOlderThan(event.userId(), event.deviceId(), event.revokedAt())));
    }

    private static Counter outcomes(MeterRegistry meters, String outcome) {
        return Counter.builder("parley.push.notifications").tag("outcome", outcome)
                .description("Push notifications by how they ended").register(meters);
    }

    @EventHandler
    void on(MessageSent event) {
        submit(() -> messageSent(new Message(event.conversationId(), event.seq(), event.senderId(), event.text())));
    }

    @EventHandler
    void on(ReadUpTo event) {
        submit(() -> unread.read(event.userId(), event.conversationId(), event.seq()));
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }

    private void submit(Runnable task) {
        if (queued.incrementAndGet() > settings.maxQueued()) {
            queued.decrementAndGet();
            dropped.increment();
            return;
        }
        worker.execute(() -> {
            queued.decrementAndGet();
            guarded(task);
        });
    }

    private void messageSent(Message message) {
        List<UserId> recipients = memberships.of(message.conversation()).stream()
                .filter(member -> !member.equals(message.sender()))
                .toList();
        List<PushSubscription> devices = subscriptions.of(recipients);
        Set<UserId> counted = new HashSet<>();
        for (PushSubscription device : devices) {
            if (counted.add(device.userId())) {
                unread.messageFromOther(device.userId(), message.conversation(), message.seq());
            }
        }
        for (PushSubscription device : devices) {
            if (senders.containsKey(device.kind())) {
                offer(device, message);
            }
        }
    }

    private void offer(PushSubscription device, Message message) {
        String key = device.userId().value() + "/" + device.deviceId() + "/" + message.conversation().value();
        Window open = windows.get(key);
        if (open != null) {
            open.subscription = device;
            if (open.pending == null || open.pending.seq() < message.seq()) {
                open.pending = message;
            }
            return;
        }
        windows.put(key, new Window(device));
        notify(device, message);
        closeLater(key);
    }

    private void closeLater(String key) {
        worker.schedule(() -> guarded(() -> close(key)), settings.coalesceWindow().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The window's end: what came meanwhile goes out now and opens the next window; else the window is gone. */
    private void close(String key) {
        Window window = windows.get(key);
        if (window == null) {
            return;
        }
        if (window.pending == null) {
            windows.remove(key);
            return;
        }
        Message message = window.pending;
        window.pending = null;
        notify(window.subscription, message);
        closeLater(key);
    }

    private void notify(PushSubscription device, Message message) {
        if (!wanted(device, message)) {
            return;
        }
        UserId user = device.userId();
        String preview = message.text() != null && preferences.previews(user) ? preview(message.text()) : null;
        PushNotification notification = new PushNotification(message.conversation().value(), message.seq(),
                names.of(message.sender(), user), preview,
                Math.max(1, unread.count(user, message.conversation())), settings.ttl());
        attempt(device, message, notification, 1);
    }

    /** Still worth a push: the device has no socket, the user has not read it, the conversation is not muted. */
    private boolean wanted(PushSubscription device, Message message) {
        boolean online = connections.of(device.userId()).stream()
                .anyMatch(connection -> connection.caller().deviceId().equals(device.deviceId()));
        return !online && !unread.isRead(device.userId(), message.conversation(), message.seq())
                && preferences.mutedUntil(device.userId(), message.conversation()).isEmpty();
    }

    private void attempt(PushSubscription device, Message message, PushNotification notification, int attempt) {
        senders.get(device.kind()).send(device, notification).whenCompleteAsync((outcome, failure) -> guarded(() -> {
            PushOutcome result = failure != null ? new PushOutcome.RetryLater(0, null) : outcome;
            if (result instanceof PushOutcome.Delivered) {
                delivered.increment();
            } else if (result instanceof PushOutcome.Gone answer) {
                subscriptions.removeIfUnchanged(device);
                gone.increment();
                log.info("Removed a push subscription of user {}: its push service answered {}",
                        device.userId().value(), answer.status());
            } else if (result instanceof PushOutcome.RetryLater answer) {
                retry(device, message, notification, attempt, answer);
            } else if (result instanceof PushOutcome.Refused answer) {
                failed.increment();
                log.warn("Push to a device of user {} at {} refused ({})", device.userId().value(),
                        device.endpoint().getHost(), answer.status() == 0 ? "endpoint not allowed" : answer.status());
            }
        }), worker);
    }

    private void retry(PushSubscription device, Message message, PushNotification notification, int attempt,
                       PushOutcome.RetryLater answer) {
        if (attempt >= settings.maxAttempts()) {
            failed.increment();
            log.warn("Push to a device of user {} at {} given up after {} attempts (last answer {})",
                    device.userId().value(), device.endpoint().getHost(), attempt, answer.status());
            return;
        }
        Duration backoff = settings.firstRetryAfter().multipliedBy(1L << Math.min(attempt - 1, 20));
        if (answer.retryAfter() != null && answer.retryAfter().compareTo(backoff) > 0) {
            backoff = answer.retryAfter();
        }
        if (backoff.compareTo(MAX_RETRY_DELAY) > 0) {
            backoff = MAX_RETRY_DELAY;
        }
        worker.schedule(() -> guarded(() -> {
            if (wanted(device, message)) {
                attempt(device, message, notification, attempt + 1);
            }
        }), backoff.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static String preview(String text) {
        if (text.codePointCount(0, text.length()) <= PREVIEW_CHARACTERS) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, PREVIEW_CHARACTERS - 1)) + "…";
    }

    private void guarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException failure) {
            failed.increment();
            log.warn("Push notification failed: {}", failure.toString());
        }
    }
}
