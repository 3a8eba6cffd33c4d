package io.parley.gateway.projector;

import io.parley.gateway.membership.QuerySideMemberships;
import io.parley.gateway.projector.RealtimeProcessorConfiguration.RealtimeProcessor;
import jakarta.annotation.PreDestroy;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.queryhandling.NoHandlerForQueryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.concurrent.CompletionException;

/**
 * Starts the realtime processor once the application is up, without replaying the event stream: the membership view
 * is loaded from the query side's read model, with the position up to which that held every event, and the
 * processor reads on from there ({@link RealtimeStartPosition}), so a start costs the number of conversations, not
 * the length of the history. When no query side answers within {@code parley.gateway.view-load-timeout} (or none
 * knows the query), the processor rebuilds the view from the whole stream instead, as slow as that is. Until the
 * processor has read up to the head, a resume waits (see {@code CatchUp}).
 */
@Component
class RealtimeStart {

    private static final Logger log = LoggerFactory.getLogger(RealtimeStart.class);

    private final QuerySideMemberships querySide;
    private final RealtimeStartPosition startPosition;
    private final RealtimeProcessor processor;
    private final Duration loadTimeout;
    private volatile boolean stopping;

    RealtimeStart(QuerySideMemberships querySide, RealtimeStartPosition startPosition, RealtimeProcessor processor,
                  @Value("${parley.gateway.view-load-timeout:60s}") Duration loadTimeout) {
        this.querySide = querySide;
        this.startPosition = startPosition;
        this.processor = processor;
        this.loadTimeout = loadTimeout;
    }

    @EventListener(ApplicationReadyEvent.class)
    void applicationReady() {
        Thread starter = new Thread(this::loadViewThenStart, "parley-realtime-start");
        starter.setDaemon(true);
        starter.start();
    }

    private void loadViewThenStart() {
        long started = System.nanoTime();
        startPosition.coveredUpTo(loadView(started + loadTimeout.toNanos()));
        if (stopping) {
            return;
        }
        processor.find().ifPresent(TrackingEventProcessor::start);
        log.info("Realtime processor started {} ms after the application", Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    /** The position up to which the view holds every event; -1 when it was not loaded. */
    private long loadView(long giveUpAt) {
        boolean told = false;
        while (!stopping) {
            try {
                QuerySideMemberships.Loaded loaded = querySide.load();
                log.info("Membership view loaded from the query side: {} conversations, every event up to position {}",
                        loaded.conversations(), loaded.coveredPosition());
                return loaded.coveredPosition();
            } catch (RuntimeException failed) {
                Throwable cause = failed instanceof CompletionException && failed.getCause() != null ? failed.getCause() : failed;
                if (cause instanceof NoHandlerForQueryException) {
                    log.info("No query side lists memberships: the membership view is rebuilt from the event stream");
                    return -1;
                }
                if (System.nanoTime() - giveUpAt > 0) {
                    log.warn("The query side did not list memberships in {} ({}): the membership view is rebuilt from"
                            + " the event stream", loadTimeout, cause.toString());
                    return -1;
                }
                if (!told) {
                    log.info("Membership view not loaded yet ({}); trying again until {} have passed", cause.toString(),
                            loadTimeout);
                    told = true;
                }
                pause();
            }
        }
        return -1;
    }

    private static void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @PreDestroy
    void stop() {
        stopping = true;
    }
}
