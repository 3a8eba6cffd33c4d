package io.parley.media.removal;

import io.parley.api.media.MediaDeleted;
import io.parley.media.asset.MediaRecord;
import io.parley.media.asset.MediaRecords;
import io.parley.media.storage.ObjectStorage;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * Removes a deleted media's objects from storage: the verified copy, its thumbnail, and the upload if still there.
 * In the processing group that removes what expired uploads left ({@code media-cleanup}).
 */
@Component
@ProcessingGroup("media-cleanup")
class DeletedMediaCleaner {

    private final MediaRecords records;
    private final ObjectStorage storage;

    DeletedMediaCleaner(MediaRecords records, ObjectStorage storage) {
        this.records = records;
        this.storage = storage;
    }

    @EventHandler
    void on(MediaDeleted event) {
        MediaRecord record = records.find(event.mediaId()).orElse(null);
        if (record == null) {
            return;
        }
        storage.remove(record.storageKey());
        if (record.thumbnailKey() != null) {
            storage.remove(record.thumbnailKey());
        }
        if (!record.uploadKey().equals(record.storageKey())) {
            storage.remove(record.uploadKey());
        }
    }
}
