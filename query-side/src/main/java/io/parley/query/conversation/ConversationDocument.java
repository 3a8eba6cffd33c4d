package io.parley.query.conversation;

import io.parley.api.conversation.ConversationKind;
import io.parley.api.conversation.Quote;
import io.parley.query.projection.ReadModels;
import org.springframework.data.annotation.Id;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A conversation in {@link ReadModels#CONVERSATIONS}: its kind, title, members and admins; its last seq, last activity
 * and a preview of its last message; the number of its last change of messages ({@link MessageChanges}); a group's
 * settings ({@link GroupProjector}: never an invite link's token or hash); for a direct conversation that is a
 * message request, whom it is to and whether they declined it ({@link MessageRequestProjector}); and for a group, who
 * is invited into it and has not answered yet ({@link GroupInvitationProjector}), who are no members.
 *
 * <p>Each change below means what the absolute or guarded update it is named after would ({@code $set}, {@code $max},
 * {@code $addToSet}, {@code $pull}), so handling an event again leaves the same document. Times are kept to the
 * millisecond, as they are stored.
 */
public record ConversationDocument(@Id String id, ConversationKind kind, String title, List<String> members,
                                   List<String> admins, Instant createdAt, Instant lastActivityAt, long lastSeq,
                                   LastMessage lastMessage, Long lastChange, String description, Boolean onlyAdminsSend,
                                   InviteLink inviteLink, String requestTo, Boolean requestDeclined,
                                   List<Invitation> invitations) {

    public ConversationDocument {
        // null when none, so that a document without invitations is stored as before they existed
        invitations = invitations == null || invitations.isEmpty() ? null : List.copyOf(invitations);
        members = members == null ? List.of() : List.copyOf(members);
        admins = admins == null ? List.of() : List.copyOf(admins);
        createdAt = millis(createdAt);
        lastActivityAt = millis(lastActivityAt);
    }

    /** The preview of the conversation's last message; {@code deleted} is true or absent. */
    public record LastMessage(String senderId, String text, String mediaType, long seq, Instant sentAt,
                              Boolean deleted) {

        public LastMessage {
            sentAt = millis(sentAt);
        }

        LastMessage edited(String text) {
            return new LastMessage(senderId, Quote.preview(text), mediaType, seq, sentAt, deleted);
        }

        LastMessage asDeleted() {
            return new LastMessage(senderId, null, null, seq, sentAt, true);
        }
    }

    /**
     * Of a conversation, its place in a user's list ({@link ConversationListing}): read with an inclusion of these
     * fields only, so that the store copies nothing else.
     */
    public record ListKey(@Id String id, Instant lastActivityAt, String requestTo, Boolean requestDeclined) {

        static final String[] FIELDS = {"lastActivityAt", "requestTo", "requestDeclined"};

        /** As {@link ConversationDocument#isDeclinedBy}. */
        boolean isDeclinedBy(String userId) {
            return declinedBy(requestTo, requestDeclined, userId);
        }
    }

    /**
     * Of a conversation, who is in it ({@link MembershipQueries}): read with an inclusion of these fields only.
     */
    public record Membership(@Id String id, ConversationKind kind, String title, List<String> members, long lastSeq,
                             String requestTo) {

        static final String[] FIELDS = {"kind", "title", "members", "lastSeq", "requestTo"};

        public Membership {
            members = members == null ? List.of() : List.copyOf(members);
        }
    }

    /** That {@code userId} is invited into the group by {@code invitedBy}, since {@code at}, and did not answer. */
    public record Invitation(String userId, String invitedBy, Instant at) {

        public Invitation {
            at = millis(at);
        }
    }

    /** That a group has an invite link: who made it, when. */
    public record InviteLink(String createdBy, Instant createdAt) {

        public InviteLink {
            createdAt = millis(createdAt);
        }
    }

    /**
     * The conversation as its start names it ({@code current}'s other fields kept when the start is handled again):
     * an upsert that sets these fields, {@code $max} of the last activity and the last seq 0 on insert.
     */
    static ConversationDocument started(ConversationDocument current, String id, ConversationKind kind, String title,
                                        List<String> members, List<String> admins, Instant at) {
        ConversationDocument base = current != null ? current : new ConversationDocument(id, kind, title, members,
                admins, at, at, 0, null, null, null, null, null, null, null, null);
        return base.with(change -> {
            change.kind = kind;
            change.title = title;
            change.members = members;
            change.admins = admins;
            change.createdAt = at;
            change.lastActivityAt = later(change.lastActivityAt, at);
        });
    }

    /** The number of the last change of its messages, 0 for none. */
    long changes() {
        return lastChange == null ? 0 : lastChange;
    }

    /** {@code $addToSet} of the newcomers to the members. */
    ConversationDocument joined(List<String> newcomers) {
        return with(change -> change.members = addedTo(members, newcomers));
    }

    /** {@code $pull} of the user from members and admins. */
    ConversationDocument left(String user) {
        return with(change -> {
            change.members = removedFrom(members, user);
            change.admins = removedFrom(admins, user);
        });
    }

    /** {@code $addToSet} of the user to the admins. */
    ConversationDocument withAdmin(String user) {
        return with(change -> change.admins = addedTo(admins, List.of(user)));
    }

    /** {@code $pull} of the user from the admins. */
    ConversationDocument withoutAdmin(String user) {
        return with(change -> change.admins = removedFrom(admins, user));
    }

    /** {@code $max} of the last seq and last activity, and the message as the last one's preview. */
    ConversationDocument sent(LastMessage message) {
        return with(change -> {
            change.lastSeq = Math.max(lastSeq, message.seq());
            change.lastActivityAt = later(lastActivityAt, message.sentAt());
            change.lastMessage = message;
        });
    }

    /** The preview of its last message, when that is the message at {@code seq}; else null. */
    LastMessage lastMessageAt(long seq) {
        return lastMessage != null && lastMessage.seq() == seq ? lastMessage : null;
    }

    ConversationDocument withLastMessage(LastMessage message) {
        return with(change -> change.lastMessage = message);
    }

    /** {@code $max} of the last change. */
    ConversationDocument changedAt(long change) {
        return with(edit -> edit.lastChange = Math.max(changes(), change));
    }

    ConversationDocument titled(String title) {
        return with(change -> change.title = title);
    }

    ConversationDocument described(String description) {
        return with(change -> change.description = description);
    }

    ConversationDocument onlyAdminsSend(boolean onlyAdminsSend) {
        return with(change -> change.onlyAdminsSend = onlyAdminsSend);
    }

    /** With this invite link, or (null) none. */
    ConversationDocument inviteLink(InviteLink link) {
        return with(change -> change.inviteLink = link);
    }

    ConversationDocument requestOpened(String to) {
        return with(change -> {
            change.requestTo = to;
            change.requestDeclined = false;
        });
    }

    ConversationDocument requestAccepted() {
        return with(change -> {
            change.requestTo = null;
            change.requestDeclined = false;
        });
    }

    ConversationDocument declined() {
        return with(change -> change.requestDeclined = true);
    }

    /** With these users invited by {@code invitedBy} (an invitation already there is kept as it is). */
    ConversationDocument invited(List<String> users, String invitedBy, Instant at) {
        return with(change -> {
            List<Invitation> all = new ArrayList<>(openInvitations());
            users.stream().filter(user -> invitationOf(user) == null)
                    .forEach(user -> all.add(new Invitation(user, invitedBy, at)));
            change.invitations = all;
        });
    }

    /** {@code $pull} of the user's invitation: they answered it. */
    ConversationDocument invitationAnswered(String user) {
        return with(change -> change.invitations = openInvitations().stream()
                .filter(invitation -> !invitation.userId().equals(user)).toList());
    }

    /** The invitations not answered yet (none: empty). */
    List<Invitation> openInvitations() {
        return invitations == null ? List.of() : invitations;
    }

    /** The user's invitation into this group, null when there is none. */
    Invitation invitationOf(String user) {
        return openInvitations().stream().filter(invitation -> invitation.userId().equals(user)).findFirst().orElse(null);
    }

    /** Whether the conversation is a message request to the user, not declined. */
    boolean isRequestTo(String userId) {
        return userId.equals(requestTo) && !Boolean.TRUE.equals(requestDeclined);
    }

    /** Whether the user declined the message request the conversation is to them: it leaves their list. */
    boolean isDeclinedBy(String userId) {
        return declinedBy(requestTo, requestDeclined, userId);
    }

    private static boolean declinedBy(String requestTo, Boolean requestDeclined, String userId) {
        return userId.equals(requestTo) && Boolean.TRUE.equals(requestDeclined);
    }

    private ConversationDocument with(Consumer<Change> edit) {
        Change change = new Change(this);
        edit.accept(change);
        return change.done();
    }

    /** The fields of a document being changed: a copy of it until {@link #done}. */
    private static final class Change {
        final String id;
        ConversationKind kind;
        String title;
        List<String> members;
        List<String> admins;
        Instant createdAt;
        Instant lastActivityAt;
        long lastSeq;
        LastMessage lastMessage;
        Long lastChange;
        String description;
        Boolean onlyAdminsSend;
        InviteLink inviteLink;
        String requestTo;
        Boolean requestDeclined;
        List<Invitation> invitations;

        Change(ConversationDocument doc) {
            id = doc.id;
            kind = doc.kind;
            title = doc.title;
            members = doc.members;
            admins = doc.admins;
            createdAt = doc.createdAt;
            lastActivityAt = doc.lastActivityAt;
            lastSeq = doc.lastSeq;
            lastMessage = doc.lastMessage;
            lastChange = doc.lastChange;
            description = doc.description;
            onlyAdminsSend = doc.onlyAdminsSend;
            inviteLink = doc.inviteLink;
            requestTo = doc.requestTo;
            requestDeclined = doc.requestDeclined;
            invitations = doc.invitations;
        }

        ConversationDocument done() {
            return new ConversationDocument(id, kind, title, members, admins, createdAt, lastActivityAt, lastSeq,
                    lastMessage, lastChange, description, onlyAdminsSend, inviteLink, requestTo, requestDeclined,
                    invitations);
        }
    }

    private static List<String> addedTo(List<String> list, List<String> values) {
        List<String> added = new ArrayList<>(list);
        values.stream().filter(value -> !added.contains(value)).forEach(added::add);
        return added;
    }

    private static List<String> removedFrom(List<String> list, String value) {
        List<String> removed = new ArrayList<>(list);
        removed.removeIf(value::equals);
        return removed;
    }

    private static Instant later(Instant current, Instant other) {
        return current == null || millis(other).isAfter(current) ? other : current;
    }

    private static Instant millis(Instant at) {
        return at == null ? null : at.truncatedTo(ChronoUnit.MILLIS);
    }
}
