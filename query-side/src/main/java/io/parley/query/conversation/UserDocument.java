package io.parley.query.conversation;

import io.parley.query.projection.ReadModels;
import org.springframework.data.annotation.Id;

import java.util.ArrayList;
import java.util.List;

/**
 * A user in {@link ReadModels#USERS}: the names a registration gave (none on a document a join created first) and the
 * conversations the user is in, in the order they joined them; and the groups they are invited into and have not
 * answered yet ({@link GroupInvitationProjector}), which they are not in.
 */
public record UserDocument(@Id String id, String username, String displayName, List<String> conversationIds,
                           List<String> invitedTo) {

    /** The field of {@link #conversationIds}, for queries that read only it. */
    public static final String CONVERSATION_IDS = "conversationIds";
    /** The field of {@link #invitedTo}. */
    public static final String INVITED_TO = "invitedTo";

    public UserDocument {
        conversationIds = conversationIds == null ? List.of() : List.copyOf(conversationIds);
        // null when none, so that a document without invitations is stored as before they existed
        invitedTo = invitedTo == null || invitedTo.isEmpty() ? null : List.copyOf(invitedTo);
    }

    public UserDocument(String id, String username, String displayName, List<String> conversationIds) {
        this(id, username, displayName, conversationIds, List.of());
    }

    /** The user as a registration names them, a document in its place if there is none yet. */
    static UserDocument registered(UserDocument current, String id, String username, String displayName) {
        return current == null ? new UserDocument(id, username, displayName, List.of())
                : new UserDocument(id, username, displayName, current.conversationIds, current.invitedTo);
    }

    /** The groups the user is invited into and has not answered (none: empty). */
    public List<String> openInvitations() {
        return invitedTo == null ? List.of() : invitedTo;
    }

    /** {@code $addToSet} of the group to the invitations; a document if there is none. */
    static UserDocument invited(UserDocument current, String id, String conversationId) {
        UserDocument user = current != null ? current : new UserDocument(id, null, null, List.of());
        if (user.openInvitations().contains(conversationId)) {
            return user;
        }
        List<String> ids = new ArrayList<>(user.openInvitations());
        ids.add(conversationId);
        return new UserDocument(id, user.username, user.displayName, user.conversationIds, ids);
    }

    /** {@code $pull} of the group from the invitations: the user answered. */
    UserDocument answered(String conversationId) {
        List<String> ids = new ArrayList<>(openInvitations());
        ids.remove(conversationId);
        return new UserDocument(id, username, displayName, conversationIds, ids);
    }

    /** {@code $addToSet}: the conversation at the end of the list, unless it is in it; a document if there is none. */
    static UserDocument joined(UserDocument current, String id, String conversationId) {
        UserDocument user = current != null ? current : new UserDocument(id, null, null, List.of());
        if (user.conversationIds.contains(conversationId)) {
            return user;
        }
        List<String> ids = new ArrayList<>(user.conversationIds);
        ids.add(conversationId);
        return new UserDocument(id, user.username, user.displayName, ids, user.invitedTo);
    }

    /** {@code $pull}: the user without the conversation. */
    UserDocument left(String conversationId) {
        List<String> ids = new ArrayList<>(conversationIds);
        ids.remove(conversationId);
        return new UserDocument(id, username, displayName, ids, invitedTo);
    }
}
