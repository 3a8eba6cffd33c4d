package io.parley.query.presence;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.parley.api.account.UserId;
import io.parley.api.presence.GetLastSeen;
import io.parley.api.presence.LastSeen;
import io.parley.api.presence.RecordLastSeen;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Date;

/**
 * When each user was last online, as the gateways report it. Not built from events (presence is never stored
 * there), so it lives in a collection of its own that no projection replay drops.
 */
@Component
public class LastSeenStore {

    static final String COLLECTION = "last_seen";

    /** A user's document: when they were last online, which only ever moves on ({@code $max} of {@link #AT}). */
    record LastSeenDocument(@Id String userId, Instant at) {
        static final String AT = "at";
    }

    private final MongoTemplate mongo;

    LastSeenStore(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @CommandHandler
    void handle(RecordLastSeen command) {
        // $max: a late report from another gateway node never moves it back
        mongo.getDb().getCollection(COLLECTION).updateOne(Filters.eq("_id", command.userId().value()),
                Updates.max(LastSeenDocument.AT, Date.from(command.lastSeen())), new UpdateOptions().upsert(true));
    }

    @QueryHandler
    LastSeen handle(GetLastSeen query) {
        return of(query.userId());
    }

    public LastSeen of(UserId user) {
        LastSeenDocument doc = mongo.findById(user.value(), LastSeenDocument.class, COLLECTION);
        return new LastSeen(user, doc == null ? null : doc.at());
    }
}
