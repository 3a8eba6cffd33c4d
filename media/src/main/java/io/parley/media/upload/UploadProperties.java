package io.parley.media.upload;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;
import java.util.Optional;

/**
 * Upload limits: per media type, the largest file; files above {@code singleUploadLimit} go up in parts of
 * {@code partSize} (S3 needs at least 5 MiB for every part but the last). A session, and its presigned URLs,
 * last {@code sessionTtl}. A user may have at most {@code maxPendingSessions} sessions not yet completed.
 */
@ConfigurationProperties("parley.media.upload")
record UploadProperties(@DefaultValue("16MB") DataSize maxImageSize, @DefaultValue("512MB") DataSize maxVideoSize,
                        @DefaultValue("64MB") DataSize maxAudioSize, @DefaultValue("100MB") DataSize maxDocumentSize,
                        @DefaultValue("5MB") DataSize singleUploadLimit, @DefaultValue("5MB") DataSize partSize,
                        @DefaultValue("15m") Duration sessionTtl, @DefaultValue("20") int maxPendingSessions) {

    /** S3 allows no more parts than this. */
    static final int MAX_PARTS = 10_000;

    long maxSize(MediaKind kind) {
        return switch (kind) {
            case IMAGE -> maxImageSize.toBytes();
            case VIDEO -> maxVideoSize.toBytes();
            case AUDIO -> maxAudioSize.toBytes();
            case DOCUMENT -> maxDocumentSize.toBytes();
        };
    }

    /** Why a file of this many bytes cannot be uploaded as this kind, or empty if it can. */
    Optional<String> tooLarge(MediaKind kind, long size) {
        long max = maxSize(kind);
        if (size > max) {
            return Optional.of("A " + kind.wireName() + " may have at most " + max + " bytes");
        }
        if (!singlePut(size) && parts(size) > MAX_PARTS) {
            return Optional.of("A file can have at most " + MAX_PARTS + " parts of " + partSize.toBytes() + " bytes");
        }
        return Optional.empty();
    }

    /** Whether a file of this many bytes goes up in one PUT, not in parts. */
    boolean singlePut(long size) {
        return size <= singleUploadLimit.toBytes();
    }

    /** How many parts of {@code partSize} a file of this many bytes goes up in. */
    int parts(long size) {
        long part = partSize.toBytes();
        return (int) ((size + part - 1) / part);
    }
}
