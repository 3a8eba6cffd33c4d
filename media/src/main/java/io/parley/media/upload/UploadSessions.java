package io.parley.media.upload;

import io.parley.api.account.UserId;
import io.parley.api.media.MediaId;
import io.parley.media.asset.StartUpload;
import io.parley.media.expiry.PendingUploads;
import io.parley.media.storage.ObjectStorage;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Opens upload sessions for requests their constraints let through: prepares storage, records the session, hands out
 * presigned URLs.
 * The URLs pin the declared size (and a single PUT the declared type): storage refuses any other.
 */
@Component
class UploadSessions {

    private static final int MAX_FILE_NAME_LENGTH = 255;
    private static final String FILE_SIZE = "fileSize must be a positive number of bytes";

    private final ObjectStorage storage;
    private final CommandGateway commands;
    private final UploadProperties properties;
    private final PendingUploads pending;
    private final Clock clock = Clock.systemUTC();

    UploadSessions(ObjectStorage storage, CommandGateway commands, UploadProperties properties, PendingUploads pending) {
        this.storage = storage;
        this.commands = commands;
        this.properties = properties;
        this.pending = pending;
    }

    @DeclarableFileType
    @WithinUploadLimits
    record Request(String fileName, String fileType,
                   @NotNull(message = FILE_SIZE) @Positive(message = FILE_SIZE) Long fileSize,
                   @KnownMediaType String mediaType) {
    }

    /** Either {@code uploadUrl} (single PUT) or {@code uploadId}, {@code partSize}, {@code totalParts} and {@code partUrls}. */
    record Session(String mediaId, String uploadUrl, String uploadId, Long partSize, Integer totalParts,
                   List<String> partUrls, Instant expiresAt) {
    }

    Session start(UserId owner, Request request) {
        MediaKind kind = MediaKind.named(request.mediaType()).orElseThrow();
        String extension = kind.extensionFor(request.fileType()).orElseThrow();
        long size = request.fileSize();
        String fileName = displayName(request.fileName());

        MediaId mediaId = MediaId.of(UUID.randomUUID().toString());
        Instant now = clock.instant();
        Instant expiresAt = now.plus(properties.sessionTtl());
        String key = StorageKeys.upload(kind, owner, now, mediaId, extension);
        String declaredType = request.fileType().trim().toLowerCase(java.util.Locale.ROOT);

        if (!pending.reserve(owner, mediaId, expiresAt, properties.maxPendingSessions())) {
            Duration retryAfter = pending.firstExpiryOf(owner).map(first -> Duration.between(now, first))
                    .orElse(Duration.ZERO);
            throw new TooManyPendingUploadsException("At most " + properties.maxPendingSessions()
                    + " uploads may be pending at once: complete one, or wait until one expires", retryAfter);
        }
        try {
            return open(owner, kind, fileName, declaredType, size, mediaId, key, expiresAt);
        } catch (RuntimeException failed) {
            pending.release(owner, mediaId);
            throw failed;
        }
    }

    private Session open(UserId owner, MediaKind kind, String fileName, String declaredType, long size, MediaId mediaId,
                         String key, Instant expiresAt) {
        if (properties.singlePut(size)) {
            commands.sendAndWait(new StartUpload(mediaId, owner, kind.wireName(), fileName, declaredType, size, key,
                    null, size, 1, expiresAt));
            return new Session(mediaId.value(), storage.presignPut(key, properties.sessionTtl(), declaredType, size),
                    null, null, null, null, expiresAt);
        }
        long partSize = properties.partSize().toBytes();
        int totalParts = properties.parts(size);
        String uploadId = storage.startMultipart(key, declaredType);
        commands.sendAndWait(new StartUpload(mediaId, owner, kind.wireName(), fileName, declaredType, size, key,
                uploadId, partSize, totalParts, expiresAt));
        List<String> partUrls = new ArrayList<>(totalParts);
        for (int part = 1; part <= totalParts; part++) {
            long length = Math.min(partSize, size - (part - 1) * partSize);
            partUrls.add(storage.presignPart(key, uploadId, part, length, properties.sessionTtl()));
        }
        return new Session(mediaId.value(), null, uploadId, partSize, totalParts, partUrls, expiresAt);
    }

    /** The name is only ever shown, never used as a path: keep its last segment, without control characters. */
    private static String displayName(String fileName) {
        if (fileName == null) {
            return null;
        }
        String name = fileName.replaceAll("\\p{Cntrl}", "");
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1).strip();
        return name.length() > MAX_FILE_NAME_LENGTH ? name.substring(0, MAX_FILE_NAME_LENGTH) : name;
    }
}
