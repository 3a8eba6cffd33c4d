package io.parley.media.asset;

/**
 * PENDING → UPLOADED → PROCESSING (virus scan, thumbnail) → READY, or FAILED (refused on verification, infected, or
 * processing failed), or EXPIRED (never completed); DELETED once every message that carried it was deleted for
 * everyone (its objects are removed from storage). UPLOADED lasts no longer than the completion that records it
 * (processing starts in the same step), except for media completed before PROCESSING existed.
 */
public enum MediaStatus {
    PENDING, UPLOADED, PROCESSING, READY, FAILED, EXPIRED, DELETED;

    /** Verified bytes are in storage. */
    public boolean isUploaded() {
        return this == UPLOADED || this == PROCESSING || this == READY;
    }

    /** Verified and not yet through processing. */
    public boolean isProcessing() {
        return this == UPLOADED || this == PROCESSING;
    }
}
