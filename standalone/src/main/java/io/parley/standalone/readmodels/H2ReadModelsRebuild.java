package io.parley.standalone.readmodels;

import io.parley.query.projection.ProcessingGroups;
import org.axonframework.config.Configurer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.lifecycle.Phase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Takes over a data directory whose read models an earlier build kept in H2 ({@code readmodels/readmodels.mv}): just
 * before the processors start, the query side's processors are reset, so they project every event again into
 * {@code readmodels.db} (the progress shows in the log and at {@code /api/v1/admin/projections}); once all of them
 * have caught up with the events stored at the start, the H2 file is deleted. A start that is stopped before that
 * rebuilds again from the beginning.
 */
@Component
class H2ReadModelsRebuild implements ConfigurerModule {

    static final String H2_FILE = "readmodels.mv";

    private static final Logger log = LoggerFactory.getLogger(H2ReadModelsRebuild.class);
    private static final Duration CHECK_EVERY = Duration.ofSeconds(1);
    private static final Duration LOG_EVERY = Duration.ofSeconds(5);

    private final Path earlierFile;

    H2ReadModelsRebuild(@Value("${parley.data-dir}") Path dataDir) {
        this.earlierFile = dataDir.resolve("readmodels").resolve(H2_FILE);
    }

    @Override
    public void configureModule(Configurer configurer) {
        configurer.onInitialize(config -> config.onStart(Phase.INBOUND_EVENT_CONNECTORS - 1,
                () -> rebuildIfEarlier(config.eventProcessingConfiguration())));
    }

    private void rebuildIfEarlier(EventProcessingConfiguration processing) {
        if (!Files.exists(earlierFile)) {
            return;
        }
        log.info("Read models of an earlier build found ({}): rebuilding them into {} from the events",
                earlierFile, ReadModelFile.NAME);
        Map<String, StreamingEventProcessor> processors = ProcessingGroups.ALL.stream().collect(Collectors.toMap(
                name -> name, name -> processing.eventProcessor(name, StreamingEventProcessor.class)
                        .orElseThrow(() -> new IllegalStateException("No processor " + name))));
        processors.values().forEach(StreamingEventProcessor::resetTokens);
        Thread watcher = new Thread(() -> awaitRebuilt(processors), "parley-read-model-rebuild");
        watcher.setDaemon(true);
        watcher.start();
    }

    private void awaitRebuilt(Map<String, StreamingEventProcessor> processors) {
        long started = System.nanoTime();
        long lastLog = started;
        try {
            while (!processors.values().stream().allMatch(H2ReadModelsRebuild::rebuilt)) {
                Thread.sleep(CHECK_EVERY.toMillis());
                if (System.nanoTime() - lastLog >= LOG_EVERY.toNanos()) {
                    lastLog = System.nanoTime();
                    processors.forEach((name, processor) -> log.info("Rebuilding read models: {} at position {} of {}",
                            name, position(processor, EventTrackerStatus::getCurrentPosition),
                            position(processor, EventTrackerStatus::getResetPosition)));
                }
            }
            Files.deleteIfExists(earlierFile);
            log.info("Read models rebuilt in {} s; the earlier build's {} is deleted",
                    Duration.ofNanos(System.nanoTime() - started).toSeconds(), earlierFile);
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            log.warn("Read models rebuilt, but {} could not be deleted: {}", earlierFile, e.toString());
        }
    }

    /** Running, and every segment past the position it was reset at (the events stored when the rebuild began). */
    private static boolean rebuilt(StreamingEventProcessor processor) {
        Map<Integer, EventTrackerStatus> segments = processor.processingStatus();
        return processor.isRunning() && !segments.isEmpty() && segments.values().stream().allMatch(segment ->
                !segment.isReplaying() || orMinusOne(segment.getCurrentPosition()) >= orMinusOne(segment.getResetPosition()));
    }

    private static long position(StreamingEventProcessor processor,
                                 Function<EventTrackerStatus, OptionalLong> which) {
        return processor.processingStatus().values().stream().mapToLong(segment -> orMinusOne(which.apply(segment)))
                .min().orElse(-1);
    }

    private static long orMinusOne(OptionalLong value) {
        return value.isPresent() ? value.getAsLong() : -1;
    }
}
