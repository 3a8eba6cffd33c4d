package io.parley.query.conversation;

import io.parley.query.projection.ReadModels;
import org.springframework.data.annotation.Id;

import java.util.ArrayList;
import java.util.List;

/**
 * A user in {@link ReadModels#USERS}: the names a registration gave (none on a document a join created first) and the
 * conversations the user is in, in the order they joined them.
 */
public record UserDocument(@Id String id, String username, String displayName, List<String> conversationIds) {

    /** The field of {@link #conversationIds}, for queries that read only it. */
    public static final String CONVERSATION_IDS = "conversationIds";

    public UserDocument {
        conversationIds = conversationIds == null ? List.of() : List.copyOf(conversationIds);
    }

    /** The user as a registration names them, a document in its place if there is none yet. */
    static UserDocument registered(UserDocument current, String id, String username, String displayName) {
        return new UserDocument(id, username, displayName, current == null ? List.of() : current.conversationIds);
    }

    /** {@code $addToSet}: the conversation at the end of the list, unless it is in it; a document if there is none. */
    static UserDocument joined(UserDocument current, String id, String conversationId) {
        UserDocument user = current != null ? current : new UserDocument(id, null, null, List.of());
        if (user.conversationIds.contains(conversationId)) {
            return user;
        }
        List<String> ids = new ArrayList<>(user.conversationIds);
        ids.add(conversationId);
        return new UserDocument(id, user.username, user.displayName, ids);
    }

    /** {@code $pull}: the user without the conversation. */
    UserDocument left(String conversationId) {
        List<String> ids = new ArrayList<>(conversationIds);
        ids.remove(conversationId);
        return new UserDocument(id, username, displayName, ids);
    }
}
