package io.parley.media.upload;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

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

    long maxSize(MediaKind kind) {
        return switch (kind) {
            case IMAGE -> maxImageSize.toBytes();
            case VIDEO -> maxVideoSize.toBytes();
            case AUDIO -> maxAudioSize.toBytes();
            case DOCUMENT -> maxDocumentSize.toBytes();
        };
    }
}
