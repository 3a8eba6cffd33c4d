package io.parley.media.download;

import io.parley.media.asset.MediaRecord;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The Content-Type and Content-Disposition a download is answered with: always the type Parley sniffed, never the
 * one the client put; inline only for the images, audio and video Parley verified (none of which a browser runs as a
 * page), an attachment for everything else, named after the original file (RFC 6266, {@code filename*} per RFC 5987).
 */
final class DownloadHeaders {

    private static final Set<String> SHOWN_INLINE = Set.of("image", "audio", "video");
    private static final String RFC_5987_ATTR_CHARS = "!#$&+-.^_`|~";

    private DownloadHeaders() {
    }

    static String contentType(MediaRecord record) {
        return record.contentType();
    }

    static String contentDisposition(MediaRecord record) {
        String type = SHOWN_INLINE.contains(record.mediaType()) ? "inline" : "attachment";
        String name = fileName(record);
        return type + "; filename=\"" + asciiFallback(name) + "\"; filename*=UTF-8''" + percentEncoded(name);
    }

    static String thumbnailDisposition() {
        return "inline";
    }

    private static String fileName(MediaRecord record) {
        if (record.fileName() != null && !record.fileName().isBlank()) {
            return record.fileName();
        }
        String key = record.storageKey();
        int dot = key.lastIndexOf('.');
        return record.mediaType() + (dot > key.lastIndexOf('/') ? key.substring(dot) : "");
    }

    /** Printable ASCII only, without the characters that would end or escape the quoted string. */
    private static String asciiFallback(String name) {
        StringBuilder fallback = new StringBuilder(name.length());
        name.codePoints().forEach(c -> fallback.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '%'
                ? (char) c : '_'));
        return fallback.toString();
    }

    private static String percentEncoded(String name) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c < 0x80 && (Character.isLetterOrDigit(c) || RFC_5987_ATTR_CHARS.indexOf(c) >= 0)) {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return encoded.toString();
    }
}
