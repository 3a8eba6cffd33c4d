package io.parley.media.sharing;

import io.parley.api.media.FindAttachableMedia;
import io.parley.api.media.MediaAttachment;
import io.parley.media.asset.MediaRecords;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.util.Optional;

/** Tells the conversation side what a message may carry: only the sender's own, verified media. */
@Component
class AttachableMediaQueries {

    private final MediaRecords records;

    AttachableMediaQueries(MediaRecords records) {
        this.records = records;
    }

    @QueryHandler
    Optional<MediaAttachment> handle(FindAttachableMedia query) {
        return records.find(query.mediaId())
                .filter(record -> record.ownedBy(query.ownerId()) && record.status().isUploaded())
                .map(record -> record.attachment());
    }
}
