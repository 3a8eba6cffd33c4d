package io.parley.query.sync;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import io.parley.query.projection.ReadModels;
import io.parley.query.projection.Writes;
import org.bson.Document;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Appends changes to users' sync feeds within one batch. A user's feed is numbered 1, 2, 3, … in event order
 * ({@code _id = userId:n}); the user's head document holds the last number and the global position of the event
 * it came from. An event at or below that position is already in the feed and is skipped, so a batch handled
 * again appends nothing twice, and the numbering is the same however often, and in what batches, events come.
 */
public final class FeedAppender {

    private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);

    private final MongoDatabase db;
    private final Writes writes;
    private final Map<String, Head> heads = new HashMap<>();

    public FeedAppender(MongoDatabase db, Writes writes) {
        this.db = db;
        this.writes = writes;
    }

    /** Adds {@code change} (type, conversationId, at and its own fields) to each recipient's feed. */
    public void append(Collection<String> recipients, long position, Document change) {
        load(recipients);
        for (String user : new LinkedHashSet<>(recipients)) {
            Head head = heads.get(user);
            if (position <= head.position) {
                continue;
            }
            head.n++;
            head.position = position;
            head.dirty = true;
            Document entry = new Document("_id", user + ":" + head.n).append("owner", user).append("n", head.n)
                    .append("position", position);
            entry.putAll(change);
            writes.add(ReadModels.SYNC_FEED, new ReplaceOneModel<>(Filters.eq("_id", entry.get("_id")), entry, UPSERT));
        }
    }

    /** Queues the moved heads; they go out after the entries, so a head never points at an entry not yet written. */
    public void writeHeads() {
        heads.forEach((user, head) -> {
            if (head.dirty) {
                writes.add(ReadModels.SYNC_HEADS, new ReplaceOneModel<>(Filters.eq("_id", user),
                        new Document("_id", user).append("n", head.n).append("position", head.position), UPSERT));
                head.dirty = false;
            }
        });
    }

    private void load(Collection<String> users) {
        List<String> missing = new ArrayList<>();
        for (String user : users) {
            if (!heads.containsKey(user)) {
                missing.add(user);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        Set<String> found = new LinkedHashSet<>();
        for (Document doc : db.getCollection(ReadModels.SYNC_HEADS).find(Filters.in("_id", missing))) {
            heads.put(doc.getString("_id"), new Head(doc.get("n", Number.class).longValue(),
                    doc.get("position", Number.class).longValue()));
            found.add(doc.getString("_id"));
        }
        for (String user : missing) {
            if (!found.contains(user)) {
                heads.put(user, new Head(0, -1));
            }
        }
    }

    private static final class Head {
        long n;
        long position;
        boolean dirty;

        Head(long n, long position) {
            this.n = n;
            this.position = position;
        }
    }
}
