package io.parley.media.asset;

/**
 * PENDING → UPLOADED → READY, or FAILED (refused on verification, or processing failed), or EXPIRED (never completed);
 * DELETED once every message that carried it was deleted for everyone (its objects are removed from storage).
 */
public enum MediaStatus {
    PENDING, UPLOADED, READY, FAILED, EXPIRED, DELETED;

    /** Verified bytes are in storage. */
    public boolean isUploaded() {
        return this == UPLOADED || this == READY;
    }
}
