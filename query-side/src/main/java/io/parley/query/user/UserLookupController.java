package io.parley.query.user;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.parley.api.account.UserId;
import io.parley.api.account.Username;
import io.parley.api.problem.Rejection;
import io.parley.query.presence.LastSeenStore;
import io.parley.query.projection.ReadModels;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;

/**
 * A user by username, for starting a direct chat or adding a group member (the commands take user ids). Read by id:
 * the id follows from the username ({@link UserId#forUsername}); the {@code users} read model has the names.
 */
@RestController
class UserLookupController {

    private final MongoDatabase db;
    private final LastSeenStore lastSeen;

    UserLookupController(MongoTemplate mongo, LastSeenStore lastSeen) {
        this.db = mongo.getDb();
        this.lastSeen = lastSeen;
    }

    /** {@code lastSeen}: when the user's last device went offline, if ever. */
    record UserView(String userId, String username, String displayName, Instant lastSeen) {
    }

    @GetMapping("/api/v1/users/{username}")
    UserView user(@PathVariable String username) {
        Username name;
        try {
            name = Username.of(username);
        } catch (IllegalArgumentException invalid) {
            throw Rejection.USER_NOT_FOUND.exception("No user " + username);
        }
        UserId id = UserId.forUsername(name);
        Document doc = db.getCollection(ReadModels.USERS).find(Filters.eq("_id", id.value())).first();
        // a users document is also created when someone joins a conversation; only a registration sets the name
        if (doc == null || doc.getString("username") == null) {
            throw Rejection.USER_NOT_FOUND.exception("No user " + name);
        }
        return new UserView(id.value(), doc.getString("username"), doc.getString("displayName"),
                lastSeen.of(id).lastSeen());
    }
}
