package io.parley.media.asset;

import io.parley.api.account.UserId;
import io.parley.api.conversation.ConversationId;
import io.parley.api.media.MediaAttachment;
import io.parley.api.media.MediaDeleted;
import io.parley.api.media.MediaExpired;
import io.parley.api.media.MediaFailed;
import io.parley.api.media.MediaId;
import io.parley.api.media.MediaInfected;
import io.parley.api.media.MediaProcessingStarted;
import io.parley.api.media.MediaReady;
import io.parley.api.media.MediaShared;
import io.parley.api.media.MediaUploadStarted;
import io.parley.api.media.MediaUploaded;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Everything known about one media, folded from its events. The {@link MediaAsset} aggregate decides with it, and
 * the endpoints read it straight from the media's (short) event stream. {@code uploadKey} is where the owner puts the
 * bytes (presigned); {@code storageKey} is where the verified bytes are once uploaded (a copy no client can write),
 * the upload key until then.
 */
public record MediaRecord(MediaId mediaId, UserId ownerId, String mediaType, String fileName, long declaredSize,
                          String uploadKey, String storageKey, String uploadId, long partSize, int totalParts,
                          Instant expiresAt, MediaStatus status, String contentType, long size, String checksum,
                          String thumbnailKey, String failureReason, Set<ConversationId> sharedIn) {

    public static MediaRecord started(MediaUploadStarted event) {
        return new MediaRecord(event.mediaId(), event.ownerId(), event.mediaType(), event.fileName(),
                event.declaredSize(), event.storageKey(), event.storageKey(), event.uploadId(), event.partSize(),
                event.totalParts(), event.expiresAt(), MediaStatus.PENDING, null, 0, null, null, null, Set.of());
    }

    public MediaRecord uploaded(MediaUploaded event) {
        String verifiedKey = event.storageKey() == null ? storageKey : event.storageKey();
        return new MediaRecord(mediaId, ownerId, mediaType, fileName, declaredSize, uploadKey, verifiedKey, uploadId,
                partSize, totalParts, expiresAt, MediaStatus.UPLOADED, event.contentType(), event.size(),
                event.checksum(), null, null, sharedIn);
    }

    public MediaRecord processing(MediaProcessingStarted event) {
        return new MediaRecord(mediaId, ownerId, mediaType, fileName, declaredSize, uploadKey, storageKey, uploadId,
                partSize, totalParts, expiresAt, MediaStatus.PROCESSING, contentType, size, checksum, null, null,
                sharedIn);
    }

    public MediaRecord infected(MediaInfected event) {
        return new MediaRecord(mediaId, ownerId, mediaType, fileName, declaredSize, uploadKey, storageKey, uploadId,
                partSize, totalParts, expiresAt, MediaStatus.FAILED, contentType, size, checksum, null,
                infectionReason(event.signature()), sharedIn);
    }

    /** What the uploader is told about an infected file. */
    public static String infectionReason(String signature) {
        return "The virus scanner found " + signature + "; the file was deleted";
    }

    public MediaRecord ready(MediaReady event) {
        return new MediaRecord(mediaId, ownerId, mediaType, fileName, declaredSize, uploadKey, storageKey, uploadId,
                partSize, totalParts, expiresAt, MediaStatus.READY, contentType, size, checksum, event.thumbnailKey(),
                null, sharedIn);
    }

    public MediaRecord failed(MediaFailed event) {
        return new MediaRecord(mediaId, ownerId, mediaType, fileName, declaredSize, uploadKey, storageKey, uploadId,
                partSize, totalParts, expiresAt, MediaStatus.FAILED, contentType, size, checksum, null, event.reason(),
                sharedIn);
    }

    public MediaRecord expired(MediaExpired event) {
        return new MediaRecord(mediaId, ownerId, mediaType, fileName, declaredSize, uploadKey, storageKey, uploadId,
                partSize, totalParts, expiresAt, MediaStatus.EXPIRED, null, 0, null, null, null, sharedIn);
    }

    public MediaRecord shared(MediaShared event) {
        Set<ConversationId> conversations = new LinkedHashSet<>(sharedIn);
        conversations.add(event.conversationId());
        return new MediaRecord(mediaId, ownerId, mediaType, fileName, declaredSize, uploadKey, storageKey, uploadId,
                partSize, totalParts, expiresAt, status, contentType, size, checksum, thumbnailKey, failureReason,
                Set.copyOf(conversations));
    }

    public MediaRecord deleted(MediaDeleted event) {
        return new MediaRecord(mediaId, ownerId, mediaType, fileName, declaredSize, uploadKey, storageKey, uploadId,
                partSize, totalParts, expiresAt, MediaStatus.DELETED, contentType, size, checksum, thumbnailKey,
                failureReason, sharedIn);
    }

    /** Applies any of the media's events. */
    public static MediaRecord fold(MediaRecord record, Object event) {
        if (event instanceof MediaUploadStarted started) {
            return started(started);
        }
        if (record == null) {
            return null;
        }
        if (event instanceof MediaUploaded uploaded) {
            return record.uploaded(uploaded);
        }
        if (event instanceof MediaProcessingStarted processing) {
            return record.processing(processing);
        }
        if (event instanceof MediaInfected infected) {
            return record.infected(infected);
        }
        if (event instanceof MediaReady ready) {
            return record.ready(ready);
        }
        if (event instanceof MediaFailed failed) {
            return record.failed(failed);
        }
        if (event instanceof MediaExpired expired) {
            return record.expired(expired);
        }
        if (event instanceof MediaShared shared) {
            return record.shared(shared);
        }
        if (event instanceof MediaDeleted deleted) {
            return record.deleted(deleted);
        }
        return record;
    }

    public boolean isMultipart() {
        return uploadId != null;
    }

    public boolean ownedBy(UserId user) {
        return ownerId.equals(user);
    }

    public MediaAttachment attachment() {
        return new MediaAttachment(mediaId, mediaType, contentType, size, checksum, thumbnailKey != null);
    }
}
