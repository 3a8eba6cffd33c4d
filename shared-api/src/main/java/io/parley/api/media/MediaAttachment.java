package io.parley.api.media;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * What a message carries of an uploaded file: its metadata, never its bytes. {@code cdnUrl}, {@code cdnThumbnailUrl}
 * (only with a thumbnail) and {@code cdnUrlExpiresAt}: signed CDN links, set only as a message is handed to a member
 * and where CDN links are configured; never in a stored event (they expire), left out when null.
 */
public record MediaAttachment(MediaId mediaId, String mediaType, String contentType, long size, String checksum,
                              boolean hasThumbnail,
                              @JsonInclude(JsonInclude.Include.NON_NULL) String cdnUrl,
                              @JsonInclude(JsonInclude.Include.NON_NULL) String cdnThumbnailUrl,
                              @JsonInclude(JsonInclude.Include.NON_NULL) Instant cdnUrlExpiresAt) {

    public MediaAttachment(MediaId mediaId, String mediaType, String contentType, long size, String checksum,
                           boolean hasThumbnail) {
        this(mediaId, mediaType, contentType, size, checksum, hasThumbnail, null, null, null);
    }

    /** This attachment with signed CDN links, for a member about to receive it. */
    public MediaAttachment withCdnLinks(String url, String thumbnailUrl, Instant expiresAt) {
        return new MediaAttachment(mediaId, mediaType, contentType, size, checksum, hasThumbnail, url, thumbnailUrl,
                expiresAt);
    }
}
