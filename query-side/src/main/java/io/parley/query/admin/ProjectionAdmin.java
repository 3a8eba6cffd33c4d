package io.parley.query.admin;

import io.parley.api.problem.Rejection;
import io.parley.query.projection.ProcessingGroups;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;

/** Shows the query side's processors and replays one: stop, reset its token (its collections are dropped), start. */
@Component
class ProjectionAdmin {

    private static final Logger log = LoggerFactory.getLogger(ProjectionAdmin.class);
    private static final Duration LOG_EVERY = Duration.ofSeconds(5);

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;

    ProjectionAdmin(EventProcessingConfiguration processing, EventStore eventStore) {
        this.processing = processing;
        this.eventStore = eventStore;
    }

    List<ProjectionStatus> statuses() {
        long head = head();
        return ProcessingGroups.ALL.stream()
                .map(name -> status(name, processor(name), head))
                .toList();
    }

    synchronized ProjectionStatus replay(String name) {
        StreamingEventProcessor processor = processor(name);
        log.info("Replay of {} requested: stopping it", name);
        processor.shutDown();
        processor.resetTokens();
        processor.start();
        long head = head();
        log.info("Replay of {} started: its read model was cleared, rebuilding up to position {}", name, head);
        Thread watcher = new Thread(() -> logProgress(name, processor), "parley-replay-" + name);
        watcher.setDaemon(true);
        watcher.start();
        return status(name, processor, head);
    }

    private void logProgress(String name, StreamingEventProcessor processor) {
        long started = System.nanoTime();
        try {
            do {
                Thread.sleep(LOG_EVERY.toMillis());
                ProjectionStatus status = status(name, processor, head());
                log.info("Replay of {}: at position {} of {} ({} behind)", name, status.position(),
                        status.replayUpTo() == null ? status.head() : status.replayUpTo(), status.lag());
            } while (processor.isRunning() && processor.processingStatus().values().stream().anyMatch(ProjectionAdmin::replaying));
            log.info("Replay of {} finished after {} s", name, Duration.ofNanos(System.nanoTime() - started).toSeconds());
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        }
    }

    private StreamingEventProcessor processor(String name) {
        if (!ProcessingGroups.ALL.contains(name)) {
            throw Rejection.NOT_FOUND.exception("No projection " + name);
        }
        return processing.eventProcessor(name, StreamingEventProcessor.class)
                .orElseThrow(() -> Rejection.NOT_FOUND.exception("No projection " + name));
    }

    private static ProjectionStatus status(String name, StreamingEventProcessor processor, long head) {
        Collection<EventTrackerStatus> segments = processor.processingStatus().values();
        long position = segments.isEmpty() ? -1 : segments.stream()
                .mapToLong(segment -> orMinusOne(segment.getCurrentPosition())).min().orElse(-1);
        boolean replaying = segments.stream().anyMatch(ProjectionAdmin::replaying);
        Long replayUpTo = segments.stream().map(EventTrackerStatus::getResetPosition)
                .filter(OptionalLong::isPresent).map(OptionalLong::getAsLong).max(Long::compare).orElse(null);
        String error = segments.stream().filter(EventTrackerStatus::isErrorState)
                .map(segment -> String.valueOf(segment.getError())).findFirst().orElse(null);
        boolean caughtUp = !segments.isEmpty() && segments.stream().allMatch(EventTrackerStatus::isCaughtUp);
        return new ProjectionStatus(name, processor.isRunning(), position, head, Math.max(0, head - position),
                replaying, replaying ? replayUpTo : null, caughtUp, error);
    }

    /**
     * Axon keeps a segment "replaying" until it handles an event past the reset position, which at the head of a
     * quiet store means until the next event; for the analyst the replay is done once it has reached that position.
     */
    private static boolean replaying(EventTrackerStatus segment) {
        return segment.isReplaying() && orMinusOne(segment.getCurrentPosition()) < orMinusOne(segment.getResetPosition());
    }

    private long head() {
        return orMinusOne(eventStore.createHeadToken() == null ? OptionalLong.empty()
                : eventStore.createHeadToken().position());
    }

    private static long orMinusOne(OptionalLong value) {
        return value.isPresent() ? value.getAsLong() : -1;
    }
}
