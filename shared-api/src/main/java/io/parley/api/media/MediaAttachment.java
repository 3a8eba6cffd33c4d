package io.parley.api.media;

/** What a message carries of an uploaded file: its metadata, never its bytes. */
public record MediaAttachment(MediaId mediaId, String mediaType, String contentType, long size, String checksum,
                              boolean hasThumbnail) {
}
