package io.parley.media.asset;

import io.parley.api.media.MediaDeleted;
import io.parley.api.media.MediaExpired;
import io.parley.api.media.MediaUnshared;
import io.parley.api.media.MediaFailed;
import io.parley.api.media.MediaId;
import io.parley.api.media.MediaInfected;
import io.parley.api.media.MediaProcessingStarted;
import io.parley.api.media.MediaReady;
import io.parley.api.media.MediaShared;
import io.parley.api.media.MediaUploadStarted;
import io.parley.api.media.MediaUploaded;
import io.parley.api.problem.Rejection;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One uploaded file's life: PENDING → UPLOADED → PROCESSING → READY, or FAILED, or EXPIRED; where it was shared; and
 * DELETED once no message carries it any more.
 */
@Aggregate
class MediaAsset {

    @AggregateIdentifier
    private MediaId mediaId;
    private MediaRecord state;
    /** The messages that carry it (message ids). */
    private Set<String> sharedBy = new HashSet<>();

    MediaAsset() {
        // for Axon
    }

    @CommandHandler
    MediaAsset(StartUpload command) {
        apply(new MediaUploadStarted(command.mediaId(), command.ownerId(), command.mediaType(), command.fileName(),
                command.declaredContentType(), command.declaredSize(), command.storageKey(), command.uploadId(),
                command.partSize(), command.totalParts(), command.expiresAt(), now()));
    }

    @CommandHandler
    MediaRecord handle(RecordUpload command) {
        if (!state.ownedBy(command.requestedBy())) {
            throw notFound();
        }
        switch (state.status()) {
            case UPLOADED, PROCESSING, READY -> {
                return state;
            }
            case FAILED -> throw Rejection.UPLOAD_REJECTED.exception(state.failureReason());
            case EXPIRED -> throw expired();
            case DELETED -> throw notFound();
            default -> {
                if (!now().isBefore(state.expiresAt())) {
                    throw expired();
                }
                apply(new MediaUploaded(mediaId, command.contentType(), command.size(), command.checksum(), now(),
                        command.storageKey()));
                apply(new MediaProcessingStarted(mediaId, now()));
                return state;
            }
        }
    }

    @CommandHandler
    MediaStatus handle(RejectUpload command) {
        if (!state.ownedBy(command.requestedBy())) {
            throw notFound();
        }
        if (state.status() == MediaStatus.PENDING) {
            apply(new MediaFailed(mediaId, command.reason(), now()));
        }
        return state.status();
    }

    @CommandHandler
    void handle(MarkReady command) {
        if (state.status().isProcessing()) {
            apply(new MediaReady(mediaId, command.thumbnailKey(), now()));
        } else if (state.status() != MediaStatus.READY) {
            throw Rejection.INVALID_REQUEST.exception("Only an uploaded media can become ready, not a " + state.status() + " one");
        }
    }

    @CommandHandler
    void handle(MarkProcessingFailed command) {
        if (state.status().isProcessing()) {
            apply(new MediaFailed(mediaId, command.reason(), now()));
        }
    }

    @CommandHandler
    void handle(MarkInfected command) {
        if (state.status().isProcessing()) {
            apply(new MediaInfected(mediaId, command.signature(), command.scanner(), now()));
        }
    }

    @CommandHandler
    boolean handle(ExpireUpload command) {
        if (state.status() != MediaStatus.PENDING || now().isBefore(state.expiresAt())) {
            return false;
        }
        apply(new MediaExpired(mediaId, now()));
        return true;
    }

    /** Each message that carries the media is recorded, so that it is removed only when none is left. */
    @CommandHandler
    void handle(RecordShare command) {
        if (!sharedBy.contains(command.messageId().value())) {
            apply(new MediaShared(mediaId, command.conversationId(), command.messageId(), now()));
        }
    }

    @CommandHandler
    void handle(WithdrawShare command) {
        if (sharedBy.contains(command.messageId().value())) {
            apply(new MediaUnshared(mediaId, command.conversationId(), command.messageId(), now()));
            if (sharedBy.isEmpty()) {
                apply(new MediaDeleted(mediaId, now()));
            }
        }
    }

    @EventSourcingHandler
    void on(MediaUploadStarted event) {
        mediaId = event.mediaId();
        state = MediaRecord.started(event);
    }

    @EventSourcingHandler
    void on(MediaUploaded event) {
        state = state.uploaded(event);
    }

    @EventSourcingHandler
    void on(MediaProcessingStarted event) {
        state = state.processing(event);
    }

    @EventSourcingHandler
    void on(MediaInfected event) {
        state = state.infected(event);
    }

    @EventSourcingHandler
    void on(MediaReady event) {
        state = state.ready(event);
    }

    @EventSourcingHandler
    void on(MediaFailed event) {
        state = state.failed(event);
    }

    @EventSourcingHandler
    void on(MediaExpired event) {
        state = state.expired(event);
    }

    @EventSourcingHandler
    void on(MediaShared event) {
        state = state.shared(event);
        sharedBy.add(event.messageId().value());
    }

    @EventSourcingHandler
    void on(MediaUnshared event) {
        sharedBy.remove(event.messageId().value());
    }

    @EventSourcingHandler
    void on(MediaDeleted event) {
        state = state.deleted(event);
    }

    private static RuntimeException notFound() {
        return Rejection.NOT_FOUND.exception("No such media");
    }

    private static RuntimeException expired() {
        return Rejection.UPLOAD_SESSION_EXPIRED.exception("The upload session has expired; start a new one");
    }

    private static Instant now() {
        return GenericEventMessage.clock.instant();
    }
}
