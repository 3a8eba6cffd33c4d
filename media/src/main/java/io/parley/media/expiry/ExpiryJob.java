package io.parley.media.expiry;

import io.parley.api.media.MediaId;
import io.parley.media.asset.ExpireUpload;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;

/** Expires the sessions past their time; {@link ExpiredUploadCleaner} then clears their storage. */
@Component
class ExpiryJob {

    private static final Logger log = LoggerFactory.getLogger(ExpiryJob.class);

    private final PendingUploads pending;
    private final CommandGateway commands;
    private final Clock clock = Clock.systemUTC();

    ExpiryJob(PendingUploads pending, CommandGateway commands) {
        this.pending = pending;
        this.commands = commands;
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
    }
}
