package io.parley.query.conversation;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import io.parley.query.projection.Batch;
import io.parley.query.projection.ReadModels;
import io.parley.query.projection.Writes;
import io.parley.query.sync.FeedAppender;
import org.bson.Document;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One batch of the conversations processor: the writes it collects, and who is in each conversation it touches
 * (read once, then kept up to date in memory, since the batch's own membership changes are not written yet).
 */
final class ConversationBatch implements Batch {

    static final String KEY = "parley.query.conversations.batch";

    private final MongoDatabase db;
    final Writes writes;
    final FeedAppender feed;
    private final Map<String, List<String>> members = new HashMap<>();

    ConversationBatch(MongoDatabase db) {
        this.db = db;
        this.writes = new Writes(db, ReadModels.OF_CONVERSATIONS.toArray(String[]::new));
        this.feed = new FeedAppender(db, writes);
    }

    /** The conversation's members as of the event being handled; change the list to record a membership change. */
    List<String> members(String conversationId) {
        return members.computeIfAbsent(conversationId, id -> {
            Document doc = db.getCollection(ReadModels.CONVERSATIONS).find(Filters.eq("_id", id))
                    .projection(Projections.include("members")).first();
            return doc == null ? new ArrayList<>() : new ArrayList<>(doc.getList("members", String.class, List.of()));
        });
    }

    @Override
    public void flush() {
        feed.writeHeads();
        writes.flush();
    }
}
