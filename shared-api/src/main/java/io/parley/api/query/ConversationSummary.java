package io.parley.api.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.parley.api.conversation.ConversationKind;

import java.time.Instant;
import java.util.List;

/**
 * One conversation as one member sees it: the member's own watermarks and {@code unreadCount}, the messages
 * from others above their read watermark. {@code lastMessage} is null until the first message. {@code mentioned}:
 * a message above the member's read watermark mentions them. {@code group}: what its admins set (null for a direct
 * conversation). {@code request}: a direct conversation someone else started that reached the member as a message
 * request they have not accepted yet, or a group the user is invited into and has not answered, whose
 * {@code invitedBy} says who invited them (null otherwise); an invitation carries no message, seq or settings, and
 * its {@code lastActivityAt} is when it was sent.
 */
public record ConversationSummary(String conversationId, ConversationKind kind, String title, List<Member> members,
                                  MessagePreview lastMessage, long lastSeq, long readUpTo, long deliveredUpTo,
                                  long unreadCount, Instant lastActivityAt, boolean mentioned, GroupSettings group,
                                  boolean request, Member invitedBy) {

    public ConversationSummary(String conversationId, ConversationKind kind, String title, List<Member> members,
                               MessagePreview lastMessage, long lastSeq, long readUpTo, long deliveredUpTo,
                               long unreadCount, Instant lastActivityAt, boolean mentioned, GroupSettings group,
                               boolean request) {
        this(conversationId, kind, title, members, lastMessage, lastSeq, readUpTo, deliveredUpTo, unreadCount,
                lastActivityAt, mentioned, group, request, null);
    }

    public ConversationSummary(String conversationId, ConversationKind kind, String title, List<Member> members,
                               MessagePreview lastMessage, long lastSeq, long readUpTo, long deliveredUpTo,
                               long unreadCount, Instant lastActivityAt, boolean mentioned, GroupSettings group) {
        this(conversationId, kind, title, members, lastMessage, lastSeq, readUpTo, deliveredUpTo, unreadCount,
                lastActivityAt, mentioned, group, false);
    }

    public ConversationSummary(String conversationId, ConversationKind kind, String title, List<Member> members,
                               MessagePreview lastMessage, long lastSeq, long readUpTo, long deliveredUpTo,
                               long unreadCount, Instant lastActivityAt, boolean mentioned) {
        this(conversationId, kind, title, members, lastMessage, lastSeq, readUpTo, deliveredUpTo, unreadCount,
                lastActivityAt, mentioned, null);
    }

    /**
     * A group's description ({@code ""} when none), whether only admins may send, and whether it has an invite link
     * (its token is shown only to the admin who created it, once). {@code invited}: to an admin only (absent for other
     * members), the invitations not answered yet, in the order they were sent.
     */
    public record GroupSettings(String description, boolean onlyAdminsSend, boolean inviteLink,
                                @JsonInclude(JsonInclude.Include.NON_NULL) List<Invitee> invited) {

        public GroupSettings(String description, boolean onlyAdminsSend, boolean inviteLink) {
            this(description, onlyAdminsSend, inviteLink, null);
        }
    }

    /** A user invited into a group who has not answered: by whom and since when. */
    public record Invitee(String userId, String displayName, String invitedBy, Instant invitedAt) {
    }

    public ConversationSummary(String conversationId, ConversationKind kind, String title, List<Member> members,
                               MessagePreview lastMessage, long lastSeq, long readUpTo, long deliveredUpTo,
                               long unreadCount, Instant lastActivityAt) {
        this(conversationId, kind, title, members, lastMessage, lastSeq, readUpTo, deliveredUpTo, unreadCount,
                lastActivityAt, false);
    }

    public record Member(String userId, String displayName, boolean admin) {
    }

    /** {@code text} is cut to a preview; a media message has {@code mediaType} instead. */
    public record MessagePreview(String senderId, String text, String mediaType, long seq, Instant sentAt) {

        /** Without the text: a message's content never reaches a log. */
        @Override
        public String toString() {
            return "MessagePreview[senderId=" + senderId + ", seq=" + seq + "]";
        }
    }
}
