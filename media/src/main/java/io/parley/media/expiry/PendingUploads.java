package io.parley.media.expiry;

import io.parley.api.account.UserId;
import io.parley.api.media.MediaExpired;
import io.parley.api.media.MediaFailed;
import io.parley.api.media.MediaId;
import io.parley.api.media.MediaUploadStarted;
import io.parley.api.media.MediaUploaded;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sessions still pending, with when they run out and whose they are; and the finished sessions whose upload URLs
 * still work (whatever is put there late is removed when they stop working). Not a source of truth: its processor
 * keeps its position in memory, so at every start it is rebuilt from the event store; each expiry is still decided by
 * the aggregate. Sessions opened on this node count against their owner's limit at once ({@link #reserve}), before
 * their event arrives; they are expired only once it has.
 */
@Component
@ProcessingGroup(PendingUploads.GROUP)
public class PendingUploads {

    public static final String GROUP = "media-pending-uploads";

    private record Pending(UserId owner, Instant expiresAt) {
    }

    private final Map<MediaId, Pending> pending = new ConcurrentHashMap<>();
    /** Per owner, their pending sessions' expiries; used only inside {@code compute}, so that a reserve is atomic. */
    private final Map<UserId, Map<MediaId, Instant>> byOwner = new ConcurrentHashMap<>();
    private final Map<MediaId, Instant> urlsOpenUntil = new ConcurrentHashMap<>();
    private final Clock clock = Clock.systemUTC();

    @EventHandler
    void on(MediaUploadStarted event) {
        pending.put(event.mediaId(), new Pending(event.ownerId(), event.expiresAt()));
        byOwner.compute(event.ownerId(), (owner, sessions) -> {
            Map<MediaId, Instant> updated = sessions == null ? new HashMap<>() : sessions;
            updated.put(event.mediaId(), event.expiresAt());
            return updated;
        });
    }

    @EventHandler
    void on(MediaUploaded event) {
        finished(event.mediaId());
    }

    @EventHandler
    void on(MediaFailed event) {
        finished(event.mediaId());
    }

    @EventHandler
    void on(MediaExpired event) {
        forget(event.mediaId());
    }

    /**
     * Counts a session being opened against its owner's {@code limit}: false, and nothing counted, when the owner
     * already has that many pending.
     */
    public boolean reserve(UserId owner, MediaId mediaId, Instant expiresAt, int limit) {
        boolean[] reserved = {false};
        byOwner.compute(owner, (key, sessions) -> {
            Map<MediaId, Instant> updated = sessions == null ? new HashMap<>() : sessions;
            if (updated.size() < limit) {
                updated.put(mediaId, expiresAt);
                reserved[0] = true;
            }
            return updated.isEmpty() ? null : updated;
        });
        return reserved[0];
    }

    /**
     * Stops counting a session against its owner's limit at once: it was never opened, or it was just completed or
     * refused on this node (its event, which would do the same, may take a moment).
     */
    public void release(UserId owner, MediaId mediaId) {
        forgetOf(owner, mediaId);
    }

    /** When the owner's first pending session runs out (and a new one may be opened), if they have any. */
    public Optional<Instant> firstExpiryOf(UserId owner) {
        Instant[] first = {null};
        byOwner.computeIfPresent(owner, (key, sessions) -> {
            first[0] = sessions.values().stream().min(Instant::compareTo).orElse(null);
            return sessions;
        });
        return Optional.ofNullable(first[0]);
    }

    List<MediaId> dueAt(Instant now) {
        return pending.entrySet().stream().filter(entry -> !entry.getValue().expiresAt().isAfter(now))
                .map(Map.Entry::getKey).toList();
    }

    /** Finished sessions whose upload URLs no longer work at {@code now}; each is handed out once. */
    List<MediaId> urlsClosedAt(Instant now) {
        List<MediaId> closed = urlsOpenUntil.entrySet().stream().filter(entry -> !entry.getValue().isAfter(now))
                .map(Map.Entry::getKey).toList();
        closed.forEach(urlsOpenUntil::remove);
        return closed;
    }

    void forget(MediaId mediaId) {
        Pending removed = pending.remove(mediaId);
        if (removed != null) {
            forgetOf(removed.owner(), mediaId);
        }
    }

    private void forgetOf(UserId owner, MediaId mediaId) {
        byOwner.computeIfPresent(owner, (key, sessions) -> {
            sessions.remove(mediaId);
            return sessions.isEmpty() ? null : sessions;
        });
    }

    /** Its upload URLs may still be used until the session's end: what they put then is removed after. */
    private void finished(MediaId mediaId) {
        Pending finished = pending.get(mediaId);
        forget(mediaId);
        if (finished != null && finished.expiresAt().isAfter(clock.instant())) {
            urlsOpenUntil.put(mediaId, finished.expiresAt());
        }
    }
}
