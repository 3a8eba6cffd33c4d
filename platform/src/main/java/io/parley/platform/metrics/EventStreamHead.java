package io.parley.platform.metrics;

import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The global index of the last stored event, read every {@code every} on a thread of its own: a scrape never waits
 * for the event store (Axon Server may be unreachable), it reads the last figure; none while the last read failed.
 */
final class EventStreamHead implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventStreamHead.class);

    private final EventStore eventStore;
    private final ScheduledExecutorService reader = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "parley-event-stream-head");
        thread.setDaemon(true);
        return thread;
    });
    private volatile OptionalLong position = OptionalLong.empty();

    EventStreamHead(EventStore eventStore, Duration every) {
        this.eventStore = eventStore;
        reader.scheduleWithFixedDelay(this::read, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    OptionalLong position() {
        return position;
    }

    private void read() {
        try {
            TrackingToken head = eventStore.createHeadToken();
            position = OptionalLong.of(head == null ? -1 : head.position().orElse(-1));
        } catch (RuntimeException unavailable) {
            position = OptionalLong.empty();
            log.debug("No head of the event stream: {}", unavailable.toString());
        }
    }

    @Override
    public void close() {
        reader.shutdownNow();
    }
}
