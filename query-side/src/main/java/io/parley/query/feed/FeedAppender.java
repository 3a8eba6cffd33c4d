package io.parley.query.feed;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.parley.query.projection.ReadModels;
import io.parley.query.projection.Writes;
import org.bson.Document;
import io.parley.query.projection.StagedRecords;
import org.bson.conversions.Bson;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Appends changes ({@link FeedEntry}) to users' sync feeds within one batch. A user's feed is numbered 1, 2, 3, … in
 * event order; the entries live in buckets of {@link #BUCKET} ({@link FeedBucket}), so a
 * batch writes each user's feed once per bucket it reaches, not once per change. The user's head ({@link FeedHead})
 * holds the last number and the global position of the event it came from. An event at or below that position is
 * already in the feed and is skipped, so a batch handled again appends nothing twice, and the numbering, and so
 * every {@code e.<n>}, is the same however often, and in what batches, events come.
 */
public final class FeedAppender {

    /** Entries per bucket document; few, as {@link ReadModels#MESSAGE_BUCKET}. A change is a new layout. */
    public static final int BUCKET = 8;

    private static final ReplaceOptions REPLACE_UPSERT = new ReplaceOptions().upsert(true);
    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);

    private final MongoTemplate mongo;
    private final Writes writes;
    private final Map<String, Head> heads = new HashMap<>();
    /** By bucket id: the owner, then the entries set in this batch, in order. */
    private final Map<String, List<Bson>> buckets = new LinkedHashMap<>();

    public FeedAppender(MongoTemplate mongo, Writes writes) {
        this.mongo = mongo;
        this.writes = writes;
    }

    /** The id of the bucket holding entry {@code n} of a user's feed. */
    public static String bucketId(String user, long n) {
        return user + ":" + n / BUCKET;
    }

    /** Adds {@code change} (not numbered yet) to each recipient's feed. */
    public void append(Collection<String> recipients, long position, FeedEntry change) {
        load(recipients);
        for (String user : new LinkedHashSet<>(recipients)) {
            Head head = heads.get(user);
            if (position <= head.position) {
                continue;
            }
            head.n++;
            head.position = position;
            head.dirty = true;
            Document entry = StagedRecords.stored(mongo, change.numbered(head.n, position));
            buckets.computeIfAbsent(bucketId(user, head.n), id -> new ArrayList<>(List.of(Updates.set(FeedBucket.OWNER,
                    user)))).add(Updates.set(FeedBucket.entryField(head.n), entry));
        }
    }

    /**
     * Queues the entries, one update per bucket, and the moved heads; the heads go out after the entries, so a
     * head never points at an entry not yet written.
     */
    public void write() {
        buckets.forEach((id, sets) -> writes.add(ReadModels.SYNC_FEED,
                new UpdateOneModel<>(Filters.eq("_id", id), Updates.combine(sets), UPSERT)));
        buckets.clear();
        heads.forEach((user, head) -> {
            if (head.dirty) {
                writes.add(ReadModels.SYNC_HEADS, new ReplaceOneModel<>(Filters.eq("_id", user),
                        StagedRecords.stored(mongo, new FeedHead(user, head.n, head.position)), REPLACE_UPSERT));
                head.dirty = false;
            }
        });
    }

    /** Reads the heads of these users, those not read yet, in one query. */
    public void load(Collection<String> users) {
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
        for (FeedHead stored : mongo.find(Query.query(Criteria.where("_id").in(missing)), FeedHead.class,
                ReadModels.SYNC_HEADS)) {
            heads.put(stored.userId(), new Head(stored.n(), stored.position()));
            found.add(stored.userId());
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
