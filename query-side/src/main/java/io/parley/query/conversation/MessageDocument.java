package io.parley.query.conversation;

import io.parley.api.media.MediaAttachment;
import io.parley.query.projection.ReadModels;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stored message, field {@code m.<seq>} of its {@link MessageBucket} in {@link ReadModels#MESSAGES}. A deleted
 * message is a tombstone: who sent it when, {@code deleted} and {@code deletedAt}, without its text, media, edit time
 * and mentions. {@code forwarded} and {@code deleted} are true or absent; times are kept to the millisecond.
 */
public record MessageDocument(long seq, String messageId, String senderId, String clientMessageId, String text,
                              Media media, Instant sentAt, Long replyTo, List<String> mentions, Boolean forwarded,
                              Instant editedAt, Boolean deleted, Instant deletedAt) {

    static final String TEXT = "text";
    static final String MEDIA = "media";
    static final String MENTIONS = "mentions";
    static final String EDITED_AT = "editedAt";
    static final String DELETED = "deleted";
    static final String DELETED_AT = "deletedAt";

    public MessageDocument {
        sentAt = millis(sentAt);
        editedAt = millis(editedAt);
        deletedAt = millis(deletedAt);
        mentions = mentions == null ? null : List.copyOf(mentions);
    }

    /** A message's media as stored. */
    public record Media(String mediaId, String mediaType, String contentType, long size, String checksum,
                        boolean hasThumbnail) {

        static Media of(MediaAttachment media) {
            return media == null ? null : new Media(media.mediaId().value(), media.mediaType(), media.contentType(),
                    media.size(), media.checksum(), media.hasThumbnail());
        }
    }

    public boolean isDeleted() {
        return Boolean.TRUE.equals(deleted);
    }

    public boolean isForwarded() {
        return Boolean.TRUE.equals(forwarded);
    }

    /**
     * The fields an edit sets in a stored message ({@link ConversationBatch#changeMessage}). Changes of a stored message
     * are written as field updates of its bucket, not read first; one the batch itself added is changed as a record.
     */
    static Map<String, Object> edit(String text, Instant editedAt) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put(TEXT, text);
        fields.put(EDITED_AT, Date.from(millis(editedAt)));
        return fields;
    }

    /** The fields a deletion sets (null: removes) in a stored message, leaving its tombstone. */
    static Map<String, Object> tombstone(Instant deletedAt) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put(TEXT, null);
        fields.put(MEDIA, null);
        fields.put(EDITED_AT, null);
        fields.put(MENTIONS, null);
        fields.put(DELETED, true);
        fields.put(DELETED_AT, Date.from(millis(deletedAt)));
        return fields;
    }

    private static Instant millis(Instant at) {
        return at == null ? null : at.truncatedTo(ChronoUnit.MILLIS);
    }
}
