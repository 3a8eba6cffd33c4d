package io.parley.media.upload;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The allow-list: for each media type, the file types a client may declare (with the extension a stored file gets)
 * and the types the content may turn out to be when sniffed. A declared type only chooses the extension; what is
 * accepted is decided by the sniffed type, so a PNG declared as JPEG is fine and an executable never is.
 */
enum MediaKind {
    IMAGE(Map.of("image/jpeg", "jpg", "image/png", "png", "image/gif", "gif", "image/webp", "webp"),
            Set.of("image/jpeg", "image/png", "image/gif", "image/webp")),
    VIDEO(Map.of("video/mp4", "mp4", "video/quicktime", "mov", "video/webm", "webm"),
            Set.of("video/mp4", "video/quicktime", "video/webm", "video/x-matroska", "application/mp4")),
    AUDIO(Map.of("audio/mpeg", "mp3", "audio/mp4", "m4a", "audio/aac", "aac", "audio/ogg", "ogg", "audio/wav", "wav"),
            Set.of("audio/mpeg", "audio/mp4", "audio/x-m4a", "audio/aac", "audio/x-aac", "audio/ogg", "audio/vorbis",
                    "audio/opus", "application/ogg", "audio/wav", "audio/x-wav", "audio/vnd.wave", "video/mp4",
                    "application/mp4")),
    DOCUMENT(Map.of("application/pdf", "pdf", "text/plain", "txt",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"),
            // tika-core alone sees an Office Open XML file as the zip it is
            Set.of("application/pdf", "text/plain", "application/zip", "application/x-tika-ooxml"));

    private final Map<String, String> declarable;
    private final Set<String> sniffable;

    MediaKind(Map<String, String> declarable, Set<String> sniffable) {
        this.declarable = declarable;
        this.sniffable = sniffable;
    }

    static Optional<MediaKind> named(String mediaType) {
        if (mediaType == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(mediaType.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
    }

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The extension for a declared file type, if the type is allowed for this kind. */
    Optional<String> extensionFor(String declaredType) {
        return declaredType == null ? Optional.empty()
                : Optional.ofNullable(declarable.get(declaredType.trim().toLowerCase(Locale.ROOT)));
    }

    Set<String> declarableTypes() {
        return declarable.keySet();
    }

    boolean accepts(String sniffedType) {
        return sniffable.contains(sniffedType);
    }
}
