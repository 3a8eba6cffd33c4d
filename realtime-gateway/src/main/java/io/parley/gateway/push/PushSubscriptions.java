package io.parley.gateway.push;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import io.parley.api.account.UserId;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The devices' push subscriptions. Not in the event store on purpose: they hold per-device secrets that must be
 * gone when the device unsubscribes, logs out or the push service says the subscription expired; a collection of
 * its own, which no projection replay drops.
 * <p>
 * Read for every message sent, so each user's devices are kept in memory for {@link #REMEMBERED} after a read: a change
 * on this node is seen at once, one made on another gateway node within that time.
 */
final class PushSubscriptions {

    static final String COLLECTION = "push_subscriptions";

    static final Duration REMEMBERED = Duration.ofSeconds(10);

    private final MongoCollection<Document> subscriptions;
    private final Cache<UserId, List<PushSubscription>> byUser = Caffeine.newBuilder()
            .expireAfterWrite(REMEMBERED).maximumSize(100_000).build();

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
        byUser.invalidate(subscription.userId());
    }

    boolean remove(UserId user, String deviceId) {
        boolean removed = subscriptions.deleteOne(Filters.eq("_id", id(user, deviceId))).getDeletedCount() > 0;
        byUser.invalidate(user);
        return removed;
    }

    /** Only the subscription as it was: one the device replaced meanwhile stays. */
    void removeIfUnchanged(PushSubscription subscription) {
        subscriptions.deleteOne(Filters.and(Filters.eq("_id", id(subscription.userId(), subscription.deviceId())),
                Filters.eq("endpoint", subscription.endpoint().toString())));
        byUser.invalidate(subscription.userId());
    }

    /** A session ended at {@code revokedAt}: its device's subscription from before then goes with it. */
    void removeOlderThan(UserId user, String deviceId, Instant revokedAt) {
        subscriptions.deleteOne(Filters.and(Filters.eq("_id", id(user, deviceId)),
                Filters.lte("createdAt", Date.from(revokedAt))));
        byUser.invalidate(user);
    }

    /** The devices of these users that have a subscription, by user (an empty list for a user without one). */
    Map<UserId, List<PushSubscription>> of(Collection<UserId> users) {
        return byUser.getAll(users, this::read);
    }

    private Map<UserId, List<PushSubscription>> read(Set<? extends UserId> users) {
        Map<UserId, List<PushSubscription>> found = new HashMap<>();
        users.forEach(user -> found.put(user, new ArrayList<>()));
        for (Document doc : subscriptions.find(Filters.in("userId", users.stream().map(UserId::value).toList()))) {
            PushSubscription subscription = new PushSubscription(UserId.of(doc.getString("userId")),
                    doc.getString("deviceId"), doc.getString("kind"), URI.create(doc.getString("endpoint")),
                    doc.getString("p256dh"), doc.getString("auth"), doc.getDate("createdAt").toInstant());
            found.get(subscription.userId()).add(subscription);
        }
        found.replaceAll((user, devices) -> List.copyOf(devices));
        return found;
    }

    private static String id(UserId user, String deviceId) {
        return user.value() + "/" + deviceId;
    }
}
