package io.parley.api.conversation;

import io.parley.api.account.UserId;
import io.parley.api.media.MediaAttachment;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/**
 * A message is stored at {@code seq}, the conversation's next position (gapless, from 1). {@code replyTo} (revision
 * 2): the message it answers, as quoted when it was sent; null for a message that answers none. {@code mentions}
 * (revision 2): the members its text mentions as {@code @username}, resolved when it was sent (groups only; null for
 * none). {@code forwarded} (revision 3): a copy of a message from another conversation ({@link ForwardMessage}),
 * false in older events.
 */
@Revision("3")
public record MessageSent(ConversationId conversationId, MessageId messageId, long seq, UserId senderId,
                          String clientMessageId, String text, MediaAttachment media, Instant sentAt, Quote replyTo,
                          List<UserId> mentions, boolean forwarded) {

    public MessageSent(ConversationId conversationId, MessageId messageId, long seq, UserId senderId,
                       String clientMessageId, String text, MediaAttachment media, Instant sentAt, Quote replyTo,
                       List<UserId> mentions) {
        this(conversationId, messageId, seq, senderId, clientMessageId, text, media, sentAt, replyTo, mentions, false);
    }

    public MessageSent(ConversationId conversationId, MessageId messageId, long seq, UserId senderId,
                       String clientMessageId, String text, MediaAttachment media, Instant sentAt, Quote replyTo) {
        this(conversationId, messageId, seq, senderId, clientMessageId, text, media, sentAt, replyTo, null, false);
    }

    public MessageSent(ConversationId conversationId, MessageId messageId, long seq, UserId senderId,
                       String clientMessageId, String text, MediaAttachment media, Instant sentAt) {
        this(conversationId, messageId, seq, senderId, clientMessageId, text, media, sentAt, null, null, false);
    }

    /** Without the text, the quote or the media's details: a message's content never reaches a log. */
    @Override
    public String toString() {
        return "MessageSent[conversationId=" + conversationId + ", messageId=" + messageId + ", seq=" + seq
                + ", senderId=" + senderId + ", forwarded=" + forwarded + "]";
    }
}
