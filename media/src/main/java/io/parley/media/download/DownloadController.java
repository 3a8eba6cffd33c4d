package io.parley.media.download;

import io.parley.platform.auth.Caller;
import io.parley.api.media.MediaId;
import io.parley.api.problem.Rejection;
import io.parley.media.asset.MediaRecord;
import io.parley.media.asset.MediaRecords;
import io.parley.media.cdn.CdnLinks;
import io.parley.media.scanning.MediaScanning;
import io.parley.media.sharing.Audiences;
import io.parley.media.storage.ObjectStorage;
import io.parley.platform.cdn.CdnLinkSigner;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;

/**
 * A media's metadata with short-lived signed GET URLs, for its uploader and for the members of a conversation it was
 * sent to. Anyone else is told there is no such media, so ids cannot be probed. The URLs name the answer's
 * Content-Type and Content-Disposition ({@link DownloadHeaders}), whatever the object was stored with.
 */
@RestController
@RequestMapping("/api/v1/media")
@EnableConfigurationProperties(DownloadProperties.class)
class DownloadController {

    private final MediaRecords records;
    private final Audiences audiences;
    private final ObjectStorage storage;
    private final DownloadProperties properties;
    private final MediaScanning scanning;
    private final CdnLinks cdnLinks;
    private final Clock clock = Clock.systemUTC();

    DownloadController(MediaRecords records, Audiences audiences, ObjectStorage storage, DownloadProperties properties,
                       MediaScanning scanning, CdnLinks cdnLinks) {
        this.cdnLinks = cdnLinks;
        this.records = records;
        this.audiences = audiences;
        this.storage = storage;
        this.properties = properties;
        this.scanning = scanning;
    }

    /**
     * The URLs are {@code null} until verified bytes may be downloaded (with a virus scanner: once READY), and
     * {@code thumbnailUrl} when there is no thumbnail; the {@code cdn…} links likewise, and when CDN links are
     * configured ({@link CdnLinks}). {@code failureReason} tells the uploader why it FAILED.
     */
    record MediaView(String mediaId, String status, String mediaType, String fileName, String contentType, Long size,
                     String checksum, boolean hasThumbnail, String url, String thumbnailUrl, Instant urlExpiresAt,
                     String cdnUrl, String cdnThumbnailUrl, Instant cdnUrlExpiresAt, String failureReason) {
    }

    @GetMapping("/{mediaId}")
    MediaView get(@RequestAttribute(Caller.REQUEST_ATTRIBUTE) Caller caller, @PathVariable String mediaId) {
        MediaRecord record = records.find(MediaId.of(mediaId))
                .filter(found -> found.ownedBy(caller.userId())
                        || scanning.isAvailable(found) && audiences.anyIncludes(found.sharedIn(), caller.userId()))
                .orElseThrow(() -> Rejection.NOT_FOUND.exception("No such media"));
        if (!scanning.isAvailable(record)) {
            return new MediaView(mediaId, record.status().name(), record.mediaType(), record.fileName(), null, null,
                    null, false, null, null, null, null, null, null, record.failureReason());
        }
        Instant expiresAt = clock.instant().plus(properties.urlTtl());
        String thumbnailUrl = record.thumbnailKey() == null ? null : storage.presignGet(record.thumbnailKey(),
                properties.urlTtl(), "image/jpeg", DownloadHeaders.thumbnailDisposition());
        String url = storage.presignGet(record.storageKey(), properties.urlTtl(), DownloadHeaders.contentType(record),
                DownloadHeaders.contentDisposition(record));
        CdnLinkSigner.Links cdn = cdnLinks.of(record).orElse(new CdnLinkSigner.Links(null, null, null));
        return new MediaView(mediaId, record.status().name(), record.mediaType(), record.fileName(),
                record.contentType(), record.size(), record.checksum(), record.thumbnailKey() != null, url,
                thumbnailUrl, expiresAt, cdn.url(), cdn.thumbnailUrl(), cdn.expiresAt(), null);
    }
}
