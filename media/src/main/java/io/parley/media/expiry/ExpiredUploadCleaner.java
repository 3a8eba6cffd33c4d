package io.parley.media.expiry;

import io.parley.api.media.MediaExpired;
import io.parley.media.asset.MediaRecord;
import io.parley.media.asset.MediaRecords;
import io.parley.media.storage.ObjectStorage;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/** Removes what an expired session left in storage: its multipart upload (parts and all) and any object. */
@Component
@ProcessingGroup(ExpiredUploadCleaner.GROUP)
class ExpiredUploadCleaner {

    static final String GROUP = "media-cleanup";

    private final MediaRecords records;
    private final ObjectStorage storage;

    ExpiredUploadCleaner(MediaRecords records, ObjectStorage storage) {
        this.records = records;
        this.storage = storage;
    }

    @EventHandler
    void on(MediaExpired event) {
        MediaRecord record = records.find(event.mediaId()).orElse(null);
        if (record == null) {
            return;
        }
        if (record.isMultipart()) {
            storage.abortMultipart(record.uploadKey(), record.uploadId());
        }
        storage.remove(record.uploadKey());
    }
}
