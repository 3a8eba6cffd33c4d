package io.parley.gateway.push;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.parley.api.account.UserId;
import io.parley.api.conversation.ConversationId;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * What each user wants pushed: whether a push may carry a preview of the text (off until the user turns it on: a
 * locked phone shows it to whoever holds it), and the conversations muted until a time. A user's settings, not
 * facts of the conversation: kept beside the subscriptions, in collections no replay drops.
 */
final class PushPreferences {

    static final String SETTINGS = "push_settings";
    static final String MUTES = "push_mutes";

    record Mute(String conversationId, Instant until) {
    }

    private final MongoCollection<Document> settings;
    private final MongoCollection<Document> mutes;

    PushPreferences(MongoTemplate mongo) {
        this.settings = mongo.getDb().getCollection(SETTINGS);
        this.mutes = mongo.getDb().getCollection(MUTES);
        mutes.createIndex(Indexes.ascending("userId"));
    }

    boolean previews(UserId user) {
        Document doc = settings.find(Filters.eq("_id", user.value())).first();
        return doc != null && Boolean.TRUE.equals(doc.getBoolean("previews"));
    }

    void previews(UserId user, boolean allowed) {
        settings.updateOne(Filters.eq("_id", user.value()), Updates.set("previews", allowed),
                new UpdateOptions().upsert(true));
    }

    void mute(UserId user, ConversationId conversation, Instant until) {
        mutes.replaceOne(Filters.eq("_id", id(user, conversation)), new Document("_id", id(user, conversation))
                        .append("userId", user.value()).append("conversationId", conversation.value())
                        .append("until", Date.from(until)),
                new ReplaceOptions().upsert(true));
    }

    void unmute(UserId user, ConversationId conversation) {
        mutes.deleteOne(Filters.eq("_id", id(user, conversation)));
    }

    /** Until when the conversation is muted for the user, if it is now. */
    Optional<Instant> mutedUntil(UserId user, ConversationId conversation) {
        Document doc = mutes.find(Filters.eq("_id", id(user, conversation))).first();
        return Optional.ofNullable(doc).map(found -> found.getDate("until").toInstant())
                .filter(until -> until.isAfter(Instant.now()));
    }

    /** The user's mutes still in force; expired ones are deleted on the way. */
    List<Mute> mutes(UserId user) {
        Instant now = Instant.now();
        mutes.deleteMany(Filters.and(Filters.eq("userId", user.value()), Filters.lte("until", Date.from(now))));
        List<Mute> active = new ArrayList<>();
        for (Document doc : mutes.find(Filters.eq("userId", user.value()))) {
            active.add(new Mute(doc.getString("conversationId"), doc.getDate("until").toInstant()));
        }
        return active;
    }

    private static String id(UserId user, ConversationId conversation) {
        return user.value() + "/" + conversation.value();
    }
}
