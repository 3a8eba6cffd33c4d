package io.parley.media.expiry;

import io.parley.api.media.MediaExpired;
import io.parley.api.media.MediaFailed;
import io.parley.api.media.MediaId;
import io.parley.api.media.MediaUploadStarted;
import io.parley.api.media.MediaUploaded;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sessions still pending, with when they run out. Not a source of truth: its processor keeps its position in
 * memory, so at every start it is rebuilt from the event store; each expiry is still decided by the aggregate.
 */
@Component
@ProcessingGroup(PendingUploads.GROUP)
class PendingUploads {

    static final String GROUP = "media-pending-uploads";

    private final Map<MediaId, Instant> expiries = new ConcurrentHashMap<>();

    @EventHandler
    void on(MediaUploadStarted event) {
        expiries.put(event.mediaId(), event.expiresAt());
    }

    @EventHandler
    void on(MediaUploaded event) {
        expiries.remove(event.mediaId());
    }

    @EventHandler
    void on(MediaFailed event) {
        expiries.remove(event.mediaId());
    }

    @EventHandler
    void on(MediaExpired event) {
        expiries.remove(event.mediaId());
    }

    List<MediaId> dueAt(Instant now) {
        return expiries.entrySet().stream().filter(entry -> !entry.getValue().isAfter(now)).map(Map.Entry::getKey).toList();
    }

    void forget(MediaId mediaId) {
        expiries.remove(mediaId);
    }
}
