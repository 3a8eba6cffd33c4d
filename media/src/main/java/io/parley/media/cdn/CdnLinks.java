package io.parley.media.cdn;

import io.parley.media.asset.MediaRecord;
import io.parley.media.scanning.MediaScanning;
import io.parley.platform.cdn.CdnLinkSigner;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * The CDN links ({@link CdnLinkSigner}, shared with the query side and the gateway, which sign those in messages) of a
 * media the uploader or a member may download: only media that may be downloaded get one
 * ({@link MediaScanning#isAvailable}); who may have it is decided where it is handed out.
 */
@Component
public class CdnLinks {

    public static final String PREFIX = CdnLinkSigner.PREFIX;
    public static final String THUMBNAIL = CdnLinkSigner.THUMBNAIL;

    private final CdnLinkSigner signer;
    private final MediaScanning scanning;

    CdnLinks(CdnLinkSigner signer, MediaScanning scanning) {
        this.signer = signer;
        this.scanning = scanning;
    }

    /** Empty when no secret is configured or the media may not be downloaded (yet). */
    public Optional<CdnLinkSigner.Links> of(MediaRecord record) {
        if (!scanning.isAvailable(record)) {
            return Optional.empty();
        }
        return signer.sign(record.mediaId(), record.thumbnailKey() != null);
    }

    /** Whether {@code md5} signs {@code path} until {@code expires}, and that is not past. */
    public boolean verify(String path, String expires, String md5) {
        return signer.verify(path, expires, md5);
    }
}
