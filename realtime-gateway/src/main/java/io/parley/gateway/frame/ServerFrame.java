package io.parley.gateway.frame;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.parley.api.conversation.Quote;
import io.parley.api.media.MediaAttachment;
import io.parley.api.query.MessageView;

import java.time.Instant;
import java.util.List;

/** What the gateway sends to a socket: JSON text frames, each with a {@code type} (see docs/protocol.md). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface ServerFrame {

    @JsonProperty("type")
    String type();

    /**
     * {@code replyTo}: what the message answers; {@code mentions}: the members it mentions (user ids). From a resume's catch-up, a message also carries its state now:
     * {@code reactions}, {@code myReaction}, {@code editedAt}, {@code deleted}, {@code hidden} (deleted for
     * this user: show nothing).
     */
    record Message(String conversationId, long seq, String messageId, String senderId, String text,
                   MediaAttachment media, Instant sentAt, Quote replyTo, List<MessageView.ReactionCount> reactions,
                   String myReaction, Instant editedAt, Boolean deleted, Boolean hidden, List<String> mentions,
                   Boolean forwarded)
            implements ServerFrame {

        public Message(String conversationId, long seq, String messageId, String senderId, String text,
                       MediaAttachment media, Instant sentAt, Quote replyTo, List<String> mentions) {
            this(conversationId, seq, messageId, senderId, text, media, sentAt, replyTo, null, null, null, null, null,
                    mentions, null);
        }

        /** A message just sent: {@code forwarded} true for a forward, left out otherwise. */
        public Message(String conversationId, long seq, String messageId, String senderId, String text,
                       MediaAttachment media, Instant sentAt, Quote replyTo, List<String> mentions, boolean forwarded) {
            this(conversationId, seq, messageId, senderId, text, media, sentAt, replyTo, null, null, null, null, null,
                    mentions, forwarded ? Boolean.TRUE : null);
        }

        public static Message of(MessageView view) {
            return new Message(view.conversationId(), view.seq(), view.messageId(), view.senderId(), view.text(),
                    view.media(), view.sentAt(), view.replyTo(),
                    view.reactions() == null || view.reactions().isEmpty() ? null : view.reactions(),
                    view.myReaction(), view.editedAt(), view.deleted() ? Boolean.TRUE : null,
                    view.hidden() ? Boolean.TRUE : null, view.mentions(), view.forwarded() ? Boolean.TRUE : null);
        }

        public String type() {
            return "message";
        }

        /** Without the text or the media's details: a message's content never reaches a log. */
        @Override
        public String toString() {
            return "Message[conversationId=" + conversationId + ", seq=" + seq + ", messageId=" + messageId + "]";
        }
    }

    /**
     * Someone reacted to a message ({@code emoji}) or took their reaction back (no {@code emoji}); {@code replaced}: their
     * earlier reaction, which this one takes the place of (absent: none, or too old to say).
     */
    record Reaction(String conversationId, long seq, String userId, String emoji, String replaced, long change)
            implements ServerFrame {
        public String type() {
            return "reaction";
        }
    }

    record Edited(String conversationId, long seq, String text, Instant editedAt, long change) implements ServerFrame {
        public String type() {
            return "edited";
        }

        /** Without the text: a message's content never reaches a log. */
        @Override
        public String toString() {
            return "Edited[conversationId=" + conversationId + ", seq=" + seq + ", change=" + change + "]";
        }
    }

    /** Deleted for everyone: show a tombstone. */
    record Deleted(String conversationId, long seq, String deletedBy, long change) implements ServerFrame {
        public String type() {
            return "deleted";
        }
    }

    /** Deleted for this user only, on one of their devices: show nothing. */
    record Hidden(String conversationId, long seq) implements ServerFrame {
        public String type() {
            return "hidden";
        }
    }

    /**
     * From a resume: the messages changed after the change number the device named, as they are now, up to
     * {@code upToChange}, the number to resume from next time.
     */
    record Changes(String conversationId, long upToChange, List<MessageView> messages) implements ServerFrame {
        public String type() {
            return "changes";
        }
    }

    record Receipt(String conversationId, String userId, Long deliveredUpTo, Long readUpTo) implements ServerFrame {
        public String type() {
            return "receipt";
        }
    }

    record Typing(String conversationId, String userId, String state) implements ServerFrame {
        public String type() {
            return "typing";
        }
    }

    record Presence(String userId, boolean online, Instant lastSeen) implements ServerFrame {
        public String type() {
            return "presence";
        }
    }

    /**
     * A conversation appeared or its membership changed: {@code change} is created, membersAdded, memberRemoved or
     * adminAppointed; {@code by} who added the members (membersAdded: themselves when they joined by the invite link).
     * To an invited user only: invited (a group invitation, with the group's kind and title and {@code by} who invited
     * them), invitationDeclined (they declined it, {@code by} themselves, from one of their devices) and
     * invitationCancelled (a group admin, {@code by}, withdrew it).
     */
    record Conversation(String change, String conversationId, String kind, String title, List<String> members,
                        List<String> userIds, String userId, String by) implements ServerFrame {
        public String type() {
            return "conversation";
        }
    }

    /**
     * A group admin changed the group ({@code change}: {@code renamed}, {@code described}, {@code adminPromoted},
     * {@code adminDemoted}, {@code sendPolicy}, {@code inviteLinkCreated}, {@code inviteLinkRevoked}), {@code by} whom;
     * or, from a {@code resume}, the group's {@code settings} now (title, description, admins, who may send, whether it
     * has an invite link).
     */
    record Group(String change, String conversationId, String by, String userId, String title, String description,
                 Boolean onlyAdminsSend, List<String> admins, Boolean inviteLink) implements ServerFrame {

        public static Group of(String change, String conversationId, String by) {
            return new Group(change, conversationId, by, null, null, null, null, null, null);
        }

        public Group withUser(String user) {
            return new Group(change, conversationId, by, user, title, description, onlyAdminsSend, admins, inviteLink);
        }

        public String type() {
            return "group";
        }
    }

    /**
     * Sent by {@code resume} instead of a long backlog: messages {@code fromSeq}..{@code toSeq} of the conversation are
     * not streamed (only the newest ones after them are); the device fetches them over REST when it needs them.
     */
    record Gap(String conversationId, long fromSeq, long toSeq) implements ServerFrame {
        public String type() {
            return "gap";
        }
    }

    /** {@code consistency}: the REST answers' {@code Parley-Consistency} token of what the command stored, if any. */
    record Ack(String id, String messageId, Long seq, Instant sentAt, String consistency) implements ServerFrame {
        public static Ack of(String id) {
            return of(id, null);
        }

        public static Ack of(String id, String consistency) {
            return new Ack(id, null, null, null, consistency);
        }

        public String type() {
            return "ack";
        }
    }

    /**
     * {@code problemType} is the same stable problem type the REST API uses for the same failure; {@code retryAfter}
     * (seconds) comes with a 503, as the REST API's {@code Retry-After}.
     */
    record Error(String id, int status, String title, String problemType, String detail, Long retryAfter)
            implements ServerFrame {
        public String type() {
            return "error";
        }
    }

    record Pong(String id) implements ServerFrame {
        public String type() {
            return "pong";
        }
    }
}
