package io.parley.query.history;

import io.parley.api.query.MessageView.ReactionCount;
import io.parley.query.conversation.ReactionsDocument;
import io.parley.query.projection.ReadModels;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reactions read by message key: one small document per reacted message in {@link ReadModels#REACTIONS}
 * ({@code by: {userId: emoji}}), counted per emoji as they are read. They live apart from the message buckets so that a
 * reaction rewrites only that document, never the bucket of eight messages with their texts.
 */
final class MessageReactions {

    private final MongoTemplate mongo;

    MessageReactions(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** How many reacted with each emoji (most first), and the viewer's own reaction. */
    record Summary(List<ReactionCount> counts, String mine) {
    }

    /** By message key ({@link ReadModels#key}); messages nobody reacted to are left out. */
    Map<String, Summary> of(Collection<String> keys, String viewer) {
        if (keys.isEmpty()) {
            return Map.of();
        }
        Map<String, Summary> summaries = new HashMap<>();
        for (ReactionsDocument doc : mongo.find(Query.query(Criteria.where("_id").in(keys)), ReactionsDocument.class,
                ReadModels.REACTIONS)) {
            Map<String, String> by = doc.by();
            if (by.isEmpty()) {
                continue;
            }
            Map<String, Integer> counts = new LinkedHashMap<>();
            by.values().forEach(emoji -> counts.merge(emoji, 1, Integer::sum));
            List<ReactionCount> sorted = new ArrayList<>();
            counts.forEach((emoji, count) -> sorted.add(new ReactionCount(emoji, count)));
            sorted.sort((a, b) -> Integer.compare(b.count(), a.count()));
            summaries.put(doc.id(), new Summary(sorted, by.get(viewer)));
        }
        return summaries;
    }
}
