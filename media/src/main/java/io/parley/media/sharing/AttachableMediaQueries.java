package io.parley.media.sharing;

import io.parley.api.media.FindAttachableMedia;
import io.parley.api.media.MediaAttachment;
import io.parley.media.asset.MediaRecords;
import io.parley.media.scanning.MediaScanning;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * Tells the conversation side what a message may carry: only the sender's own, verified media, and with a virus scanner
 * configured only once it is READY (scanned clean): while it is PROCESSING a send is refused as not attachable.
 */
@Component
class AttachableMediaQueries {

    private final MediaRecords records;
    private final MediaScanning scanning;

    AttachableMediaQueries(MediaRecords records, MediaScanning scanning) {
        this.records = records;
        this.scanning = scanning;
    }

    @QueryHandler
    Optional<MediaAttachment> handle(FindAttachableMedia query) {
        return records.find(query.mediaId())
                .filter(record -> record.ownedBy(query.ownerId()) && scanning.isAvailable(record))
                .map(record -> record.attachment());
    }
}
