package io.parley.query.conversation;

import io.parley.api.account.UserId;
import io.parley.api.problem.Rejection;
import io.parley.api.query.ConversationList;
import io.parley.api.query.ConversationSummary;
import io.parley.api.query.ListConversations;
import io.parley.query.projection.ReadModels;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The caller's conversation list a page at a time, most recent activity first. The order keys (last activity, id)
 * of all the user's conversations are read by id, with nothing else of them; only the page's conversations are read
 * whole. The cursor is the key of the last conversation given, so a page starts right after it.
 */
@Component
class ConversationListing {

    private static final String PREFIX = "c1:";
    private static final Comparator<Key> ORDER = Comparator.comparingLong(Key::activity).reversed()
            .thenComparing(Key::conversationId);

    private final MongoTemplate mongo;
    private final ConversationReads reads;

    ConversationListing(MongoTemplate mongo, ConversationReads reads) {
        this.mongo = mongo;
        this.reads = reads;
    }

    /** The last activity (epoch millis; none sorts last) and id of a conversation: its place in the list. */
    private record Key(long activity, String conversationId) {
    }

    ConversationList page(ListConversations query) {
        if (query.limit() < 1 || query.limit() > ListConversations.MAX_LIMIT) {
            throw Rejection.INVALID_REQUEST.exception("limit must be between 1 and " + ListConversations.MAX_LIMIT);
        }
        UserId user = query.userId();
        int limit = query.limit();
        Key after = query.cursor() == null || query.cursor().isBlank() ? null : decode(query.cursor());
        List<String> ids = reads.listedIdsOf(user);
        List<Key> keys = new ArrayList<>();
        if (!ids.isEmpty()) {
            Query orderKeys = Query.query(Criteria.where("_id").in(new LinkedHashSet<>(ids)));
            orderKeys.fields().include(ConversationDocument.ListKey.FIELDS);
            for (ConversationDocument.ListKey doc : mongo.find(orderKeys, ConversationDocument.ListKey.class,
                    ReadModels.CONVERSATIONS)) {
                if (doc.isDeclinedBy(user.value())) {
                    continue;
                }
                Instant at = doc.lastActivityAt();
                Key key = new Key(at == null ? Long.MIN_VALUE : at.toEpochMilli(), doc.id());
                if (after == null || ORDER.compare(key, after) > 0) {
                    keys.add(key);
                }
            }
        }
        keys.sort(ORDER);
        List<Key> page = keys.subList(0, Math.min(limit, keys.size()));
        List<ConversationSummary> summaries = reads.summaries(user, page.stream().map(Key::conversationId).toList());
        return new ConversationList(summaries, keys.size() > limit ? encode(page.get(page.size() - 1)) : null);
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
