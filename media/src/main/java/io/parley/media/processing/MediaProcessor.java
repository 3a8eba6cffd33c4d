package io.parley.media.processing;

import io.parley.api.media.MediaUploaded;
import io.parley.media.asset.MarkProcessingFailed;
import io.parley.media.asset.MarkReady;
import io.parley.media.asset.MediaRecord;
import io.parley.media.asset.MediaRecords;
import io.parley.media.asset.MediaStatus;
import io.parley.media.storage.ObjectStorage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Takes uploaded media to READY: images get a thumbnail stored beside the original, other media need nothing. An
 * image that cannot be decoded FAILS; storage trouble is thrown, so that the event is retried.
 */
@Component
@ProcessingGroup(MediaProcessor.GROUP)
class MediaProcessor {

    static final String GROUP = "media-processing";

    private final MediaRecords records;
    private final ObjectStorage storage;
    private final Thumbnails thumbnails;
    private final CommandGateway commands;

    MediaProcessor(MediaRecords records, ObjectStorage storage, Thumbnails thumbnails, CommandGateway commands) {
        this.records = records;
        this.storage = storage;
        this.thumbnails = thumbnails;
        this.commands = commands;
    }

    @EventHandler
    void on(MediaUploaded event) {
        MediaRecord record = records.find(event.mediaId()).orElse(null);
        if (record == null || record.status() != MediaStatus.UPLOADED) {
            return;
        }
        if (!"image".equals(record.mediaType())) {
            commands.sendAndWait(new MarkReady(record.mediaId(), null));
            return;
        }
        Optional<byte[]> thumbnail;
        try (InputStream original = storage.read(record.storageKey())) {
            thumbnail = thumbnails.of(original);
        } catch (IOException | RuntimeException undecodable) {
            if (undecodable instanceof io.parley.media.storage.StorageUnavailableException unavailable) {
                throw unavailable;
            }
            commands.sendAndWait(new MarkProcessingFailed(record.mediaId(), "The image cannot be decoded: " + undecodable.getMessage()));
            return;
        }
        String thumbnailKey = null;
        if (thumbnail.isPresent()) {
            thumbnailKey = thumbnailKeyOf(record.storageKey());
            storage.put(thumbnailKey, thumbnail.get(), "image/jpeg");
        }
        commands.sendAndWait(new MarkReady(record.mediaId(), thumbnailKey));
    }

    /** {@code image/u/123-id.png} → {@code image/u/123-id.thumb.jpg}. */
    static String thumbnailKeyOf(String storageKey) {
        int dot = storageKey.lastIndexOf('.');
        return (dot > storageKey.lastIndexOf('/') ? storageKey.substring(0, dot) : storageKey) + ".thumb.jpg";
    }
}
