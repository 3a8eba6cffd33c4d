package io.parley.media.sharing;

import io.parley.api.media.FindAttachableMedia;
import io.parley.api.media.FindForwardableMedia;
import io.parley.api.media.MediaAttachment;
import io.parley.media.asset.MediaRecords;
import io.parley.media.scanning.MediaScanning;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * Tells the conversation side what a message may carry: the sender's own, verified media; or, forwarded, verified media
 * shared in a conversation the sender is in (its audience grows by the new conversation's as the forward is shared).
 * With a virus scanner configured, only media scanned clean (READY): while PROCESSING a send is refused as not
 * attachable.
 */
@Component
class AttachableMediaQueries {

    private final MediaRecords records;
    private final MediaScanning scanning;
    private final Audiences audiences;

    AttachableMediaQueries(MediaRecords records, MediaScanning scanning, Audiences audiences) {
        this.records = records;
        this.scanning = scanning;
        this.audiences = audiences;
    }

    @QueryHandler
    Optional<MediaAttachment> handle(FindAttachableMedia query) {
        return records.find(query.mediaId())
                .filter(record -> record.ownedBy(query.ownerId()) && scanning.isAvailable(record))
                .map(record -> record.attachment());
    }

    @QueryHandler
    Optional<MediaAttachment> handle(FindForwardableMedia query) {
        return records.find(query.mediaId())
                .filter(record -> scanning.isAvailable(record) && record.sharedIn().contains(query.fromConversationId()))
                .filter(record -> audiences.includes(query.fromConversationId(), query.userId()))
                .map(record -> record.attachment());
    }
}
