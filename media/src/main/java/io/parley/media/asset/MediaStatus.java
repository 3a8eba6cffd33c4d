package io.parley.media.asset;

/** PENDING → UPLOADED → READY, or FAILED (refused on verification, or processing failed), or EXPIRED (never completed). */
public enum MediaStatus {
    PENDING, UPLOADED, READY, FAILED, EXPIRED;

    /** Verified bytes are in storage. */
    public boolean isUploaded() {
        return this == UPLOADED || this == READY;
    }
}
