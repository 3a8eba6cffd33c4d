package io.parley.media.expiry;

import io.parley.api.media.MediaId;
import io.parley.media.asset.ExpireUpload;
import io.parley.media.asset.MediaRecords;
import io.parley.media.storage.ObjectStorage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;

/**
 * Expires the sessions past their time ({@link ExpiredUploadCleaner} then clears their storage), and removes what was
 * put at a finished session's upload key after it finished, once its URLs stop working.
 */
@Component
class ExpiryJob {

    private static final Logger log = LoggerFactory.getLogger(ExpiryJob.class);

    private final PendingUploads pending;
    private final CommandGateway commands;
    private final MediaRecords records;
    private final ObjectStorage storage;
    private final Clock clock = Clock.systemUTC();

    ExpiryJob(PendingUploads pending, CommandGateway commands, MediaRecords records, ObjectStorage storage) {
        this.pending = pending;
        this.commands = commands;
        this.records = records;
        this.storage = storage;
    }

    @Scheduled(fixedDelayString = "${parley.media.expiry.check-every:PT1M}", initialDelayString = "${parley.media.expiry.check-every:PT1M}")
    void expireDueSessions() {
        for (MediaId mediaId : pending.dueAt(clock.instant())) {
            try {
                Boolean expired = commands.sendAndWait(new ExpireUpload(mediaId));
                if (!Boolean.TRUE.equals(expired)) {
                    pending.forget(mediaId);
                }
            } catch (RuntimeException failure) {
                log.warn("Could not expire upload session {}; trying again next time", mediaId, failure);
            }
        }
        for (MediaId mediaId : pending.urlsClosedAt(clock.instant())) {
            try {
                // (media uploaded before verified copies existed keep their bytes at the upload key)
                records.find(mediaId)
                        .filter(record -> !(record.status().isUploaded()
                                && record.uploadKey().equals(record.storageKey())))
                        .ifPresent(record -> storage.remove(record.uploadKey()));
            } catch (RuntimeException failure) {
                log.warn("Could not remove the upload key of {}", mediaId, failure);
            }
        }
    }
}
