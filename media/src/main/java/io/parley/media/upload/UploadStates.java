package io.parley.media.upload;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.parley.api.media.MediaExpired;
import io.parley.api.media.MediaFailed;
import io.parley.api.media.MediaId;
import io.parley.api.media.MediaInfected;
import io.parley.api.media.MediaProcessingStarted;
import io.parley.api.media.MediaReady;
import io.parley.api.media.MediaUploadStarted;
import io.parley.api.media.MediaUploaded;
import io.parley.media.asset.MediaStatus;
import io.parley.media.expiry.PendingUploads;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code parley.media.uploads}: how many upload sessions (media) are in each {@link MediaStatus}, tagged
 * {@code state}. Counted from the event stream by the pending-upload index's processor, which every node rebuilds from
 * the start at every start: each node reports the whole system's figures. Only the pending sessions are remembered
 * (to tell a refused upload from a failed processing); the other states are counts.
 */
@Component
@ProcessingGroup(PendingUploads.GROUP)
class UploadStates {

    private final Map<MediaStatus, AtomicLong> counts = new EnumMap<>(MediaStatus.class);
    private final Set<MediaId> pending = ConcurrentHashMap.newKeySet();
    private final Set<MediaId> processing = ConcurrentHashMap.newKeySet();

    UploadStates(MeterRegistry registry) {
        for (MediaStatus status : MediaStatus.values()) {
            if (status == MediaStatus.DELETED) {
                continue; // not a state of an upload session: deleted media keep counting where their upload ended
            }
            AtomicLong count = new AtomicLong();
            counts.put(status, count);
            Gauge.builder("parley.media.uploads", count, AtomicLong::get)
                    .description("Upload sessions by state")
                    .tag("state", status.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
    }

    @EventHandler
    void on(MediaUploadStarted event) {
        if (pending.add(event.mediaId())) {
            counts.get(MediaStatus.PENDING).incrementAndGet();
        }
    }

    @EventHandler
    void on(MediaUploaded event) {
        leave(event.mediaId(), null);
        counts.get(MediaStatus.UPLOADED).incrementAndGet();
    }

    @EventHandler
    void on(MediaProcessingStarted event) {
        if (processing.add(event.mediaId())) {
            counts.get(MediaStatus.UPLOADED).decrementAndGet();
            counts.get(MediaStatus.PROCESSING).incrementAndGet();
        }
    }

    @EventHandler
    void on(MediaReady event) {
        leaveProcessing(event.mediaId());
        counts.get(MediaStatus.READY).incrementAndGet();
    }

    /** Refused on verification (it was pending) or processing failed (it was processing, or uploaded). */
    @EventHandler
    void on(MediaFailed event) {
        if (pending.contains(event.mediaId())) {
            leave(event.mediaId(), null);
        } else {
            leaveProcessing(event.mediaId());
        }
        counts.get(MediaStatus.FAILED).incrementAndGet();
    }

    @EventHandler
    void on(MediaInfected event) {
        leaveProcessing(event.mediaId());
        counts.get(MediaStatus.FAILED).incrementAndGet();
    }

    @EventHandler
    void on(MediaExpired event) {
        leave(event.mediaId(), null);
        counts.get(MediaStatus.EXPIRED).incrementAndGet();
    }

    /** Counts the media out of processing, or out of uploaded for media from before PROCESSING existed. */
    private void leaveProcessing(MediaId mediaId) {
        counts.get(processing.remove(mediaId) ? MediaStatus.PROCESSING : MediaStatus.UPLOADED).decrementAndGet();
    }

    /** Counts the media out of pending if it was, else out of {@code otherwise} (if any). */
    private void leave(MediaId mediaId, MediaStatus otherwise) {
        MediaStatus left = pending.remove(mediaId) ? MediaStatus.PENDING : otherwise;
        if (left != null) {
            counts.get(left).decrementAndGet();
        }
    }
}
