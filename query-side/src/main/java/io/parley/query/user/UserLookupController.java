package io.parley.query.user;

import io.parley.api.account.UserId;
import io.parley.platform.auth.Caller;
import io.parley.api.account.Username;
import io.parley.api.problem.Rejection;
import io.parley.query.conversation.ConversationReads;
import io.parley.query.conversation.UserDocument;
import io.parley.query.conversation.WithheldPresence;
import io.parley.query.presence.LastSeenStore;
import io.parley.query.projection.ReadModels;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;

/**
 * A user by username, for starting a direct chat or adding a group member (the commands take user ids). Read by id:
 * the id follows from the username ({@link UserId#forUsername}); the {@code users} read model has the names.
 */
@RestController
class UserLookupController {

    private final MongoTemplate mongo;
    private final LastSeenStore lastSeen;
    private final ConversationReads conversations;
    private final WithheldPresence withheld;

    UserLookupController(MongoTemplate mongo, LastSeenStore lastSeen, ConversationReads conversations,
                         WithheldPresence withheld) {
        this.mongo = mongo;
        this.lastSeen = lastSeen;
        this.conversations = conversations;
        this.withheld = withheld;
    }

    /**
     * {@code lastSeen}: when the user's last device went offline, if ever; shown only to the user and to those who
     * share a conversation with them, as presence is: not while either blocks the other, nor while a message request
     * between them is not accepted ({@link WithheldPresence}).
     */
    record UserView(String userId, String username, String displayName, Instant lastSeen) {
    }

    @GetMapping("/api/v1/users/{username}")
    UserView user(@RequestAttribute(Caller.REQUEST_ATTRIBUTE) Caller caller, @PathVariable String username) {
        Username name;
        try {
            name = Username.of(username);
        } catch (IllegalArgumentException invalid) {
            throw Rejection.USER_NOT_FOUND.exception("No user " + username);
        }
        UserId id = UserId.forUsername(name);
        UserDocument doc = mongo.findById(id.value(), UserDocument.class, ReadModels.USERS);
        // a users document is also created when someone joins a conversation; only a registration sets the name
        if (doc == null || doc.username() == null) {
            throw Rejection.USER_NOT_FOUND.exception("No user " + name);
        }
        boolean mayKnowLastSeen = id.equals(caller.userId())
                || conversations.shareAConversation(caller.userId(), id) && !withheld.between(caller.userId(), id);
        return new UserView(id.value(), doc.username(), doc.displayName(),
                mayKnowLastSeen ? lastSeen.of(id).lastSeen() : null);
    }
}
