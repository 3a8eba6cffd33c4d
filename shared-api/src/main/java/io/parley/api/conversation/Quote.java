package io.parley.api.conversation;

/**
 * What a reply shows of the message it answers, so that clients need no extra request: its sender and a preview of
 * its text (at most {@link #PREVIEW_LENGTH} characters) or its media kind. A deleted message is quoted as
 * {@code deleted}, without text or media kind. {@code senderId} is null when the quoted message was not known yet.
 */
public record Quote(long seq, String senderId, String text, String mediaType, boolean deleted) {

    public static final int PREVIEW_LENGTH = 120;

    public static Quote of(long seq, String senderId, String text, String mediaType) {
        return new Quote(seq, senderId, preview(text), mediaType, false);
    }

    public static Quote deleted(long seq, String senderId) {
        return new Quote(seq, senderId, null, null, true);
    }

    /** Only the seq: the quoted message could not be looked up (clients find it in the history). */
    public static Quote unresolved(long seq) {
        return new Quote(seq, null, null, null, false);
    }

    public static String preview(String text) {
        return text == null ? null : text.substring(0, Math.min(PREVIEW_LENGTH, text.length()));
    }
}
