package io.parley.media.upload;

import io.minio.messages.Part;
import io.parley.api.account.UserId;
import io.parley.api.media.MediaId;
import io.parley.api.problem.Rejection;
import io.parley.media.asset.MediaRecord;
import io.parley.media.asset.MediaRecords;
import io.parley.media.asset.MediaStatus;
import io.parley.media.asset.RecordUpload;
import io.parley.media.asset.RejectUpload;
import io.parley.media.expiry.PendingUploads;
import io.parley.media.processing.MetadataStripper;
import io.parley.media.storage.ObjectStorage;
import io.parley.media.storage.PartsRejectedException;
import io.parley.media.storage.StorageUnavailableException;
import io.parley.media.storage.StoredObject;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Completes uploads: the object must be in storage with the declared size, and its content must be of an allowed
 * type for its media type, checked on a copy that only Parley can write. A failed check refuses the upload for good
 * and deletes the object. Completing again answers the same.
 */
@Component
class UploadCompletion {

    private final MediaRecords records;
    private final ObjectStorage storage;
    private final ContentSniffer sniffer;
    private final CommandGateway commands;
    private final PendingUploads pending;
    private final MetadataStripper stripper;
    private final Clock clock = Clock.systemUTC();

    UploadCompletion(MediaRecords records, ObjectStorage storage, ContentSniffer sniffer, CommandGateway commands,
                     PendingUploads pending, MetadataStripper stripper) {
        this.records = records;
        this.storage = storage;
        this.sniffer = sniffer;
        this.commands = commands;
        this.pending = pending;
        this.stripper = stripper;
    }

    record PartRef(Integer partNumber, String etag) {
    }

    MediaRecord complete(UserId caller, MediaId mediaId) {
        MediaRecord record = ownRecord(caller, mediaId);
        if (settled(record).isPresent()) {
            return record;
        }
        if (record.isMultipart()) {
            throw Rejection.INVALID_REQUEST.exception("This is a multipart upload: complete it with complete-multipart");
        }
        return verify(caller, record);
    }

    MediaRecord completeMultipart(UserId caller, MediaId mediaId, String uploadId, List<PartRef> parts) {
        MediaRecord record = ownRecord(caller, mediaId);
        if (settled(record).isPresent()) {
            return record;
        }
        if (!record.isMultipart()) {
            throw Rejection.INVALID_REQUEST.exception("This is a single upload: complete it with complete");
        }
        if (uploadId == null || !uploadId.equals(record.uploadId())) {
            throw Rejection.INVALID_REQUEST.exception("uploadId does not belong to this media");
        }
        List<Part> checked = checkedParts(parts, record.totalParts());
        try {
            if (storage.completeMultipart(record.uploadKey(), uploadId, checked).isEmpty()
                    && storage.stat(record.uploadKey()).isEmpty()) {
                throw Rejection.UPLOAD_INCOMPLETE.exception("Storage knows no such upload");
            }
        } catch (PartsRejectedException refused) {
            throw Rejection.UPLOAD_INCOMPLETE.exception("Storage refused the parts: " + refused.getMessage());
        }
        return verify(caller, record);
    }

    /** A finished upload answers what it answered the first time. */
    private static Optional<MediaRecord> settled(MediaRecord record) {
        if (record.status().isUploaded()) {
            return Optional.of(record);
        }
        if (record.status() == MediaStatus.FAILED) {
            throw Rejection.UPLOAD_REJECTED.exception(record.failureReason());
        }
        if (record.status() == MediaStatus.EXPIRED) {
            throw Rejection.UPLOAD_SESSION_EXPIRED.exception("The upload session has expired; start a new one");
        }
        return Optional.empty();
    }

    /**
     * Copies the upload to a key of its own that no client has a URL for, and verifies that copy: whatever is put at
     * the upload key afterwards (its URL works until the session's end), the verified bytes stay what recipients get.
     * An image's copy is rewritten without its metadata (EXIF, GPS), and the size recorded is the rewritten one.
     */
    private MediaRecord verify(UserId caller, MediaRecord record) {
        StoredObject upload = storage.stat(record.uploadKey()).orElseThrow(() ->
                Rejection.UPLOAD_INCOMPLETE.exception("Nothing has been uploaded yet"));
        if (upload.size() != record.declaredSize()) {
            throw refuse(caller, record, null, sizeMismatch(upload.size(), record));
        }
        String copyKey = StorageKeys.copyOf(record, clock.instant());
        if (!storage.copy(record.uploadKey(), copyKey, StorageKeys.STORED_CONTENT_TYPE,
                StorageKeys.STORED_CONTENT_DISPOSITION)) {
            throw Rejection.UPLOAD_INCOMPLETE.exception("Nothing has been uploaded yet");
        }
        StoredObject copy = storage.stat(copyKey).orElseThrow(() ->
                new StorageUnavailableException("The copy " + copyKey + " is gone", null));
        if (copy.size() != record.declaredSize()) {
            throw refuse(caller, record, copyKey, sizeMismatch(copy.size(), record));
        }
        byte[] head = storage.readStart(copyKey, ContentSniffer.HEAD_LENGTH);
        String sniffed = sniffer.sniff(head);
        MediaKind kind = MediaKind.named(record.mediaType()).orElseThrow();
        if (!kind.accepts(sniffed)) {
            throw refuse(caller, record, copyKey,
                    "The content is " + sniffed + ", which is not an allowed " + kind.wireName());
        }
        if (kind == MediaKind.DOCUMENT && sniffer.holdsPageMarkup(head)) {
            throw refuse(caller, record, copyKey, "The content is " + sniffed + " but holds web-page markup");
        }
        if (kind == MediaKind.IMAGE) {
            copy = withoutMetadata(caller, record, copyKey, copy, sniffed);
        }
        MediaRecord after;
        try {
            after = commands.sendAndWait(new RecordUpload(record.mediaId(), caller, sniffed, copy.size(), copy.etag(),
                    copyKey));
        } catch (RuntimeException refused) {
            storage.remove(copyKey);
            throw refused;
        }
        if (copyKey.equals(after.storageKey())) {
            storage.remove(record.uploadKey());
        } else {
            storage.remove(copyKey); // another completion was recorded first: its copy is the one
        }
        pending.release(caller, record.mediaId());
        return after;
    }

    private StoredObject withoutMetadata(UserId caller, MediaRecord record, String copyKey, StoredObject copy,
                                         String contentType) {
        byte[] original;
        byte[] stripped;
        try (InputStream in = storage.read(copyKey)) {
            original = in.readAllBytes();
            stripped = stripper.strip(original, contentType);
        } catch (IOException malformed) {
            throw refuse(caller, record, copyKey, "The image cannot be read: " + malformed.getMessage());
        }
        if (Arrays.equals(original, stripped)) {
            return copy;
        }
        storage.put(copyKey, stripped, StorageKeys.STORED_CONTENT_TYPE, StorageKeys.STORED_CONTENT_DISPOSITION);
        return storage.stat(copyKey).orElseThrow(() ->
                new StorageUnavailableException("The copy " + copyKey + " is gone", null));
    }

    private static String sizeMismatch(long size, MediaRecord record) {
        return "The file has " + size + " bytes, not the " + record.declaredSize() + " declared";
    }

    private RuntimeException refuse(UserId caller, MediaRecord record, String copyKey, String reason) {
        if (copyKey != null) {
            storage.remove(copyKey);
        }
        MediaStatus after = commands.sendAndWait(new RejectUpload(record.mediaId(), caller, reason));
        if (after == MediaStatus.FAILED) {
            storage.remove(record.uploadKey());
            pending.release(caller, record.mediaId());
        }
        return Rejection.UPLOAD_REJECTED.exception(reason + "; the file was deleted");
    }

    private MediaRecord ownRecord(UserId caller, MediaId mediaId) {
        return records.find(mediaId).filter(record -> record.ownedBy(caller))
                .orElseThrow(() -> Rejection.NOT_FOUND.exception("No such media"));
    }

    private static List<Part> checkedParts(List<PartRef> parts, int totalParts) {
        if (parts == null || parts.size() != totalParts) {
            throw Rejection.INVALID_REQUEST.exception("parts must list all " + totalParts + " parts");
        }
        Set<Integer> seen = new HashSet<>();
        for (PartRef part : parts) {
            if (part == null || part.partNumber() == null || part.partNumber() < 1 || part.partNumber() > totalParts
                    || !seen.add(part.partNumber()) || part.etag() == null || part.etag().isBlank()) {
                throw Rejection.INVALID_REQUEST.exception("parts must have each partNumber from 1 to " + totalParts
                        + " once, each with its etag");
            }
        }
        return parts.stream()
                .sorted(java.util.Comparator.comparing(PartRef::partNumber))
                .map(part -> new Part(part.partNumber(), part.etag().replace("\"", "")))
                .toList();
    }
}
