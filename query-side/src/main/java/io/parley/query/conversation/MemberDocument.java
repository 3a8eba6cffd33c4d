package io.parley.query.conversation;

import io.parley.query.projection.ReadModels;
import org.springframework.data.annotation.Id;

/**
 * A member of a conversation in {@link ReadModels#MEMBERS} ({@code _id = conversationId:userId}): their watermarks;
 * {@code ownAboveRead}, their own messages above {@code read} and above {@code ownSince} (the conversation's last seq
 * when they joined), from which the unread count follows; the seq of the last message that mentioned them, if any;
 * and the global {@code position} of the last event that changed the document, which it takes no event at or below.
 */
public record MemberDocument(@Id String id, String conversationId, String userId, long delivered, long read,
                             long ownAboveRead, long ownSince, long position, Long lastMention) {

    /**
     * Of a member document, what access checks and receipts read. Read with an inclusion of these fields, so that
     * mongo-java-server copies only them (an exclusion copies the whole document first).
     */
    public record Watermarks(@Id String id, String conversationId, String userId, long delivered, long read) {

        static final String[] FIELDS = {"conversationId", "userId", "delivered", "read"};
    }

    /** Fresh watermarks for a member who (re)joins at this position, when the conversation is at {@code lastSeq}. */
    static MemberDocument joined(String conversationId, String userId, long lastSeq, long position) {
        return new MemberDocument(ReadModels.key(conversationId, userId), conversationId, userId, 0, 0, 0, lastSeq,
                position, null);
    }

    /** Whether the document took the event at this position, or a later one, already. */
    boolean took(long position) {
        return this.position >= position;
    }

    MemberDocument at(long position) {
        return new MemberDocument(id, conversationId, userId, delivered, read, ownAboveRead, ownSince, position,
                lastMention);
    }

    /** {@code $max} of the delivered watermark. */
    MemberDocument deliveredUpTo(long seq) {
        return new MemberDocument(id, conversationId, userId, Math.max(delivered, seq), read, ownAboveRead, ownSince,
                position, lastMention);
    }

    /** {@code $max} of both watermarks, with {@code ownAboveRead} as it is after reading up to the seq. */
    MemberDocument readUpTo(long seq, long ownAboveRead) {
        return new MemberDocument(id, conversationId, userId, Math.max(delivered, seq), Math.max(read, seq),
                ownAboveRead, ownSince, position, lastMention);
    }

    MemberDocument withOwnAboveRead(long ownAboveRead) {
        return new MemberDocument(id, conversationId, userId, delivered, read, ownAboveRead, ownSince, position,
                lastMention);
    }

    /** {@code $max} of the last mention. */
    MemberDocument mentionedAt(long seq) {
        return new MemberDocument(id, conversationId, userId, delivered, read, ownAboveRead, ownSince, position,
                lastMention == null ? seq : Math.max(lastMention, seq));
    }

    /** Messages up to {@code lastSeq} that are neither read nor the member's own. */
    long unread(long lastSeq) {
        return Math.max(0, lastSeq - read - ownAboveRead);
    }

    /** Whether a message the member has not read mentions them. */
    boolean mentionedUnread() {
        return lastMention != null && lastMention > read;
    }
}
