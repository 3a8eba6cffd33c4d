package io.parley.media.removal;

import io.parley.api.media.MediaInfected;
import io.parley.media.asset.MediaRecord;
import io.parley.media.asset.MediaRecords;
import io.parley.media.storage.ObjectStorage;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/** Removes an infected media's verified copy from storage (it never got a thumbnail: the scan comes first). */
@Component
@ProcessingGroup("media-cleanup")
class InfectedMediaCleaner {

    private final MediaRecords records;
    private final ObjectStorage storage;

    InfectedMediaCleaner(MediaRecords records, ObjectStorage storage) {
        this.records = records;
        this.storage = storage;
    }

    @EventHandler
    void on(MediaInfected event) {
        records.find(event.mediaId()).map(MediaRecord::storageKey).ifPresent(storage::remove);
    }
}
