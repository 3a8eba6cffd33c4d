package io.parley.query.conversation;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import io.parley.api.account.UserId;
import io.parley.api.problem.Rejection;
import io.parley.api.query.ConversationSummary;
import io.parley.query.projection.ReadModels;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The caller's conversation list a page at a time, most recent activity first. The order keys (last activity, id)
 * of all the user's conversations are read by id, with nothing else of them; only the page's conversations are read
 * whole. The cursor is the key of the last conversation given, so a page starts right after it.
 */
@Component
class ConversationListing {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 500;
    private static final String PREFIX = "c1:";
    private static final Comparator<Key> ORDER = Comparator.comparingLong(Key::activity).reversed()
            .thenComparing(Key::conversationId);

    private final MongoDatabase db;
    private final ConversationReads reads;

    ConversationListing(MongoTemplate mongo, ConversationReads reads) {
        this.db = mongo.getDb();
        this.reads = reads;
    }

    /** A page of the list; {@code nextCursor} asks for the next one, and is null on the last. */
    record Page(List<ConversationSummary> conversations, String nextCursor) {
    }

    /** The last activity (epoch millis; none sorts last) and id of a conversation: its place in the list. */
    private record Key(long activity, String conversationId) {
    }

    Page page(UserId user, String cursor, int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw Rejection.INVALID_REQUEST.exception("limit must be between 1 and " + MAX_LIMIT);
        }
        Key after = cursor == null || cursor.isBlank() ? null : decode(cursor);
        List<String> ids = reads.conversationIdsOf(user);
        List<Key> keys = new ArrayList<>();
        if (!ids.isEmpty()) {
            for (Document doc : db.getCollection(ReadModels.CONVERSATIONS).find(Filters.in("_id", new LinkedHashSet<>(ids)))
                    .projection(Projections.include("lastActivityAt"))) {
                Date at = doc.getDate("lastActivityAt");
                Key key = new Key(at == null ? Long.MIN_VALUE : at.getTime(), doc.getString("_id"));
                if (after == null || ORDER.compare(key, after) > 0) {
                    keys.add(key);
                }
            }
        }
        keys.sort(ORDER);
        List<Key> page = keys.subList(0, Math.min(limit, keys.size()));
        List<ConversationSummary> summaries = reads.summaries(user, page.stream().map(Key::conversationId).toList());
        return new Page(summaries, keys.size() > limit ? encode(page.get(page.size() - 1)) : null);
    }

    private static String encode(Key key) {
        String plain = PREFIX + key.activity() + ":" + key.conversationId();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    private static Key decode(String cursor) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (plain.startsWith(PREFIX)) {
                String[] parts = plain.substring(PREFIX.length()).split(":", 2);
                if (parts.length == 2 && !parts[1].isEmpty()) {
                    return new Key(Long.parseLong(parts[0]), parts[1]);
                }
            }
        } catch (IllegalArgumentException malformed) {
            // answered below
        }
        throw Rejection.CURSOR_INVALID.exception("Not a conversation list cursor; list again without one");
    }
}
