package io.parley.media.storage;

/** What a HEAD on an object tells: its size, ETag (without quotes) and the content type it was stored with. */
public record StoredObject(long size, String etag, String contentType) {
}
