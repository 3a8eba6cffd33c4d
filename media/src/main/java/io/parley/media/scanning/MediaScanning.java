package io.parley.media.scanning;

import io.parley.media.asset.MediaRecord;
import io.parley.media.asset.MediaStatus;

import java.util.Optional;

/**
 * The configured scanner, if any, and what follows for attaching and downloading: with a scanner, only READY media
 * (scanned clean) may be attached or downloaded; without one, verified media may be while they are still processed
 * (there is nothing to wait for but a thumbnail).
 */
public record MediaScanning(Optional<VirusScanner> scanner) {

    public boolean isAvailable(MediaRecord record) {
        return record.status() == MediaStatus.READY || scanner.isEmpty() && record.status().isProcessing();
    }
}
