package io.parley.api.query;

import io.parley.api.conversation.Quote;
import io.parley.api.media.MediaAttachment;

import java.time.Instant;
import java.util.List;

/**
 * A stored message: text or media metadata. {@code status} is set only on the asking member's own messages
 * in a history page: delivered and read mean by every other member. {@code replyTo}: what the message answers, quoted
 * as that message is now. {@code reactions}: how many members reacted with each emoji, and {@code myReaction} the
 * asking member's own (null outside a member's history page). {@code editedAt}: when the text last changed. A
 * {@code deleted} message (deleted for everyone) has no text, media or reactions left. A {@code hidden} one is one the
 * asking member deleted for themselves: only its seq, id, sender and time are left, and clients show nothing.
 * {@code mentions}: the members the text mentions ({@code @username}), by user id. {@code forwarded}: a copy of a
 * message from another conversation.
 */
public record MessageView(String conversationId, String messageId, long seq, String senderId, String text,
                          MediaAttachment media, Instant sentAt, MessageStatus status, Quote replyTo,
                          List<ReactionCount> reactions, String myReaction, Instant editedAt, boolean deleted,
                          boolean hidden, List<String> mentions, boolean forwarded) {

    public MessageView(String conversationId, String messageId, long seq, String senderId, String text,
                       MediaAttachment media, Instant sentAt, MessageStatus status, Quote replyTo,
                       List<ReactionCount> reactions, String myReaction, Instant editedAt, boolean deleted,
                       boolean hidden, List<String> mentions) {
        this(conversationId, messageId, seq, senderId, text, media, sentAt, status, replyTo, reactions, myReaction,
                editedAt, deleted, hidden, mentions, false);
    }

    public MessageView(String conversationId, String messageId, long seq, String senderId, String text,
                       MediaAttachment media, Instant sentAt, MessageStatus status, Quote replyTo,
                       List<ReactionCount> reactions, String myReaction, Instant editedAt, boolean deleted,
                       boolean hidden) {
        this(conversationId, messageId, seq, senderId, text, media, sentAt, status, replyTo, reactions, myReaction,
                editedAt, deleted, hidden, null);
    }

    public MessageView(String conversationId, String messageId, long seq, String senderId, String text,
                       MediaAttachment media, Instant sentAt, MessageStatus status) {
        this(conversationId, messageId, seq, senderId, text, media, sentAt, status, null, List.of(), null, null, false,
                false);
    }

    /** This message as the member who deleted it for themselves sees it. */
    public MessageView hiddenFromViewer() {
        return new MessageView(conversationId, messageId, seq, senderId, null, null, sentAt, null, null, List.of(), null,
                null, false, true, null, false);
    }

    /** Without the text, the quote or the media's details: a message's content never reaches a log. */
    @Override
    public String toString() {
        return "MessageView[conversationId=" + conversationId + ", messageId=" + messageId + ", seq=" + seq + "]";
    }

    /** How many members reacted to a message with {@code emoji}. */
    public record ReactionCount(String emoji, int count) {
    }
}
