package io.parley.media.upload;

import io.parley.api.account.UserId;
import io.parley.api.media.MediaId;
import io.parley.media.asset.MediaRecord;

import java.time.Instant;
import java.util.UUID;

/**
 * Where a media's bytes go. The client puts them under {@code uploads/}, the only keys it ever gets a URL for; the
 * verified copy is {@code {mediaType}/{userId}/{timestamp}-{uuid}.{ext}}, a fresh key for every completion attempt.
 */
final class StorageKeys {

    static final String UPLOAD_PREFIX = "uploads/";
    /** What the copy is stored as: downloads name the verified type themselves, anything else gets a file. */
    static final String STORED_CONTENT_TYPE = "application/octet-stream";
    static final String STORED_CONTENT_DISPOSITION = "attachment";

    private StorageKeys() {
    }

    static String upload(MediaKind kind, UserId owner, Instant now, MediaId mediaId, String extension) {
        return UPLOAD_PREFIX + kind.wireName() + "/" + owner.value() + "/" + now.toEpochMilli() + "-" + mediaId.value()
                + "." + extension;
    }

    static String copyOf(MediaRecord record, Instant now) {
        String uploadKey = record.uploadKey();
        int dot = uploadKey.lastIndexOf('.');
        String extension = dot > uploadKey.lastIndexOf('/') ? uploadKey.substring(dot) : "";
        return record.mediaType() + "/" + record.ownerId().value() + "/" + now.toEpochMilli() + "-" + UUID.randomUUID()
                + extension;
    }
}
