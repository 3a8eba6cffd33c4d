package io.parley.query.admin;

import io.parley.api.problem.Rejection;
import io.parley.query.projection.ProcessingGroups;
import org.axonframework.axonserver.connector.AxonServerConnectionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Shows the query side's processors on every node that runs them and replays one: stop it everywhere, reset its
 * tokens (its collections are dropped), start it everywhere.
 */
@Component
class ProjectionAdmin {

    private static final Logger log = LoggerFactory.getLogger(ProjectionAdmin.class);
    private static final Duration LOG_EVERY = Duration.ofSeconds(5);

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final ProcessorNodes nodes;

    ProjectionAdmin(EventProcessingConfiguration processing, EventStore eventStore,
                    ObjectProvider<AxonServerConnectionManager> axonServer, ObjectProvider<DataSource> tokenStore,
                    Serializer serializer) {
        this.processing = processing;
        this.eventStore = eventStore;
        AxonServerConnectionManager connections = axonServer.getIfAvailable();
        this.nodes = connections == null ? new ThisNodeOnly()
                : new NodesOfAxonServer(connections, tokenStore.getObject(), serializer);
    }

    List<ProjectionStatus> statuses() {
        long head = head();
        return ProcessingGroups.ALL.stream().map(name -> status(name, processor(name), head)).toList();
    }

    synchronized ProjectionStatus replay(String name) {
        StreamingEventProcessor processor = processor(name);
        log.info("Replay of {} requested: stopping it on every node", name);
        nodes.stopEverywhere(processor);
        try {
            processor.resetTokens();
        } finally {
            nodes.startEverywhere(processor);
        }
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
            ProjectionStatus status;
            do {
                Thread.sleep(LOG_EVERY.toMillis());
                status = status(name, processor, head());
                log.info("Replay of {}: at position {} of {} ({} behind)", name, status.position(),
                        status.replayUpTo() == null ? status.head() : status.replayUpTo(), status.lag());
            } while (status.running() && status.replaying());
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

    private ProjectionStatus status(String name, StreamingEventProcessor processor, long head) {
        ProcessorNodes.Progress progress = nodes.progress(processor);
        List<ProjectionSegment> segments = progress.segments();
        long position = segments.stream().mapToLong(ProjectionSegment::position).min().orElse(-1);
        boolean replaying = segments.stream().anyMatch(ProjectionSegment::replaying);
        Long replayUpTo = segments.stream().map(ProjectionSegment::replayUpTo).filter(Objects::nonNull)
                .max(Long::compare).orElse(null);
        String error = segments.stream().map(ProjectionSegment::error).filter(Objects::nonNull).findFirst().orElse(null);
        boolean caughtUp = covered(segments) && segments.stream().allMatch(ProjectionSegment::caughtUp);
        return new ProjectionStatus(name, progress.running(), position, head, Math.max(0, head - position),
                replaying, replayUpTo, caughtUp, error, segments);
    }

    /** Whether the segments make up the whole processor (each is one part of {@code onePartOf}). */
    private static boolean covered(List<ProjectionSegment> segments) {
        double whole = segments.stream().mapToDouble(segment -> 1.0 / segment.onePartOf()).sum();
        return !segments.isEmpty() && whole > 0.999;
    }

    private long head() {
        return TokenPositions.of(eventStore.createHeadToken());
    }
}
