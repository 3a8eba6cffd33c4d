package io.parley.gateway.push;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import io.parley.api.account.UserId;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The devices' push subscriptions. Not in the event store on purpose: they hold per-device secrets that must be
 * gone when the device unsubscribes, logs out or the push service says the subscription expired; a collection of
 * its own, which no projection replay drops.
 */
final class PushSubscriptions {

    static final String COLLECTION = "push_subscriptions";

    private final MongoCollection<Document> subscriptions;

    PushSubscriptions(MongoTemplate mongo) {
        this.subscriptions = mongo.getDb().getCollection(COLLECTION);
        subscriptions.createIndex(Indexes.ascending("userId"));
    }

    void save(PushSubscription subscription) {
        subscriptions.replaceOne(Filters.eq("_id", id(subscription.userId(), subscription.deviceId())),
                new Document("_id", id(subscription.userId(), subscription.deviceId()))
                        .append("userId", subscription.userId().value())
                        .append("deviceId", subscription.deviceId())
                        .append("kind", subscription.kind())
                        .append("endpoint", subscription.endpoint().toString())
                        .append("p256dh", subscription.p256dh())
                        .append("auth", subscription.auth())
                        .append("createdAt", Date.from(subscription.createdAt())),
                new ReplaceOptions().upsert(true));
    }

    boolean remove(UserId user, String deviceId) {
        return subscriptions.deleteOne(Filters.eq("_id", id(user, deviceId))).getDeletedCount() > 0;
    }

    /** Only the subscription as it was: one the device replaced meanwhile stays. */
    void removeIfUnchanged(PushSubscription subscription) {
        subscriptions.deleteOne(Filters.and(Filters.eq("_id", id(subscription.userId(), subscription.deviceId())),
                Filters.eq("endpoint", subscription.endpoint().toString())));
    }

    /** A session ended at {@code revokedAt}: its device's subscription from before then goes with it. */
    void removeOlderThan(UserId user, String deviceId, Instant revokedAt) {
        subscriptions.deleteOne(Filters.and(Filters.eq("_id", id(user, deviceId)),
                Filters.lte("createdAt", Date.from(revokedAt))));
    }

    /** The devices of these users that have a subscription, by user; a user without one is not in the map. */
    Map<UserId, List<PushSubscription>> of(Collection<UserId> users) {
        Map<UserId, List<PushSubscription>> found = new HashMap<>();
        if (users.isEmpty()) {
            return found;
        }
        for (Document doc : subscriptions.find(Filters.in("userId", users.stream().map(UserId::value).toList()))) {
            PushSubscription subscription = new PushSubscription(UserId.of(doc.getString("userId")),
                    doc.getString("deviceId"), doc.getString("kind"), URI.create(doc.getString("endpoint")),
                    doc.getString("p256dh"), doc.getString("auth"), doc.getDate("createdAt").toInstant());
            found.computeIfAbsent(subscription.userId(), user -> new ArrayList<>()).add(subscription);
        }
        return found;
    }

    private static String id(UserId user, String deviceId) {
        return user.value() + "/" + deviceId;
    }
}
