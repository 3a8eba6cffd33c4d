package io.parley.media.processing;

import io.parley.api.media.MediaUploaded;
import io.parley.media.asset.MarkInfected;
import io.parley.media.asset.MarkProcessingFailed;
import io.parley.media.asset.MarkReady;
import io.parley.media.asset.MediaRecord;
import io.parley.media.asset.MediaRecords;
import io.parley.media.scanning.MediaScanning;
import io.parley.media.scanning.ScanVerdict;
import io.parley.media.scanning.ScannerUnavailableException;
import io.parley.media.scanning.UnscannableException;
import io.parley.media.scanning.VirusScanner;
import io.parley.media.storage.ObjectStorage;
import io.parley.media.storage.StorageUnavailableException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * Takes uploaded media from PROCESSING to READY: scanned for viruses first when a scanner is configured (infected
 * media FAIL, their objects are removed by {@code InfectedMediaCleaner}), then images get a thumbnail stored beside
 * the original, other media need nothing. An image that cannot be decoded FAILS; storage trouble and an unreachable
 * scanner are thrown, so that the event is retried (the media stays PROCESSING until then).
 */
@Component
@ProcessingGroup(MediaProcessor.GROUP)
class MediaProcessor {

    static final String GROUP = "media-processing";
    private static final Logger log = LoggerFactory.getLogger(MediaProcessor.class);

    private final MediaRecords records;
    private final ObjectStorage storage;
    private final Thumbnails thumbnails;
    private final CommandGateway commands;
    private final MediaScanning scanning;

    MediaProcessor(MediaRecords records, ObjectStorage storage, Thumbnails thumbnails, CommandGateway commands,
                   MediaScanning scanning) {
        this.records = records;
        this.storage = storage;
        this.thumbnails = thumbnails;
        this.commands = commands;
        this.scanning = scanning;
    }

    @EventHandler
    void on(MediaUploaded event) {
        MediaRecord record = records.find(event.mediaId()).orElse(null);
        if (record == null || !record.status().isProcessing()) {
            return;
        }
        if (scanning.scanner().isPresent() && !scannedClean(record, scanning.scanner().get())) {
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
            if (undecodable instanceof StorageUnavailableException unavailable) {
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

    /** Scans the verified bytes; an infected or unscannable media FAILS (answers false). */
    private boolean scannedClean(MediaRecord record, VirusScanner scanner) {
        ScanVerdict verdict;
        try (InputStream content = storage.read(record.storageKey())) {
            verdict = scanner.scan(content);
        } catch (ScannerUnavailableException unavailable) {
            log.warn("Media {} stays PROCESSING and is scanned again later: {}", record.mediaId(),
                    unavailable.getMessage());
            throw unavailable;
        } catch (UnscannableException refused) {
            log.warn("Media {} fails: {}", record.mediaId(), refused.getMessage());
            commands.sendAndWait(new MarkProcessingFailed(record.mediaId(), refused.getMessage()));
            return false;
        } catch (IOException | UncheckedIOException unreadable) {
            throw new StorageUnavailableException("Could not read " + record.storageKey() + " to scan it", unreadable);
        }
        if (verdict.isClean()) {
            return true;
        }
        log.warn("Media {} of user {} is infected ({}); it fails and its object is removed", record.mediaId(),
                record.ownerId(), verdict.signature());
        commands.sendAndWait(new MarkInfected(record.mediaId(), verdict.signature(), scanner.name()));
        return false;
    }

    /** {@code image/u/123-id.png} → {@code image/u/123-id.thumb.jpg}. */
    static String thumbnailKeyOf(String storageKey) {
        int dot = storageKey.lastIndexOf('.');
        return (dot > storageKey.lastIndexOf('/') ? storageKey.substring(0, dot) : storageKey) + ".thumb.jpg";
    }
}
