package io.parley.query.sync;

import io.parley.api.problem.Rejection;
import io.parley.api.query.ConversationSummary;
import io.parley.api.query.GetChanges;
import io.parley.api.query.MessageView;
import io.parley.api.query.SyncPage;
import io.parley.query.conversation.ConversationReads;
import io.parley.query.feed.FeedAppender;
import io.parley.query.feed.FeedBucket;
import io.parley.query.feed.FeedEntry;
import io.parley.query.feed.FeedHead;
import io.parley.query.history.MessageViews;
import io.parley.query.projection.ReadModels;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A user's changes after a cursor, read by id: the buckets ({@link FeedAppender#bucketId}) of the entries after the
 * cursor up to the head, a page being one or a few buckets. Without a
 * cursor: the head is read first, then the current state (a page of conversations at a time), which is written before
 * the head moves; so the state has at least everything up to the head, and a change after it that the state already
 * shows is harmless.
 */
@Component
class SyncQueries {

    /** Changes that come with the message as it is now: a new one, or one reacted to, edited, deleted or hidden. */
    private static final Set<String> CARRIES_MESSAGE = Set.of("message", "reaction", "edited", "deleted", "hidden");
    /** Changes that carry the conversation as it is now: joining it or an invitation, and what group admins change. */
    private static final Set<String> CARRIES_CONVERSATION = Set.of("conversation.joined", "group.renamed",
            "group.described", "admin.promoted", "admin.demoted", "sendPolicy.changed", "inviteLink.created",
            "inviteLink.revoked", "invitation.opened");

    private final MongoTemplate mongo;
    private final ConversationReads conversations;
    private final MessageViews messages;

    SyncQueries(MongoTemplate mongo, ConversationReads conversations, MessageViews messages) {
        this.mongo = mongo;
        this.conversations = conversations;
        this.messages = messages;
    }

    @QueryHandler
    SyncPage handle(GetChanges query) {
        if (query.limit() < 1 || query.limit() > GetChanges.MAX_LIMIT) {
            throw Rejection.INVALID_REQUEST.exception("limit must be between 1 and " + GetChanges.MAX_LIMIT);
        }
        String user = query.userId().value();
        long head = head(user);
        if (query.cursor() == null || query.cursor().isBlank()) {
            return state(query, head, null);
        }
        SyncCursor cursor = SyncCursor.decode(query.cursor());
        if (cursor.n() > head) {
            throw Rejection.CURSOR_INVALID.exception("The cursor is ahead of your changes; sync again without one");
        }
        if (cursor.inState()) {
            return state(query, cursor.n(), cursor.afterConversation());
        }
        long after = cursor.n();
        long upTo = Math.min(head, after + query.limit());
        List<String> bucketIds = new ArrayList<>();
        for (long n = after + 1; n <= upTo; n += FeedAppender.BUCKET - n % FeedAppender.BUCKET) {
            bucketIds.add(FeedAppender.bucketId(user, n));
        }
        List<FeedEntry> entries = new ArrayList<>();
        if (!bucketIds.isEmpty()) {
            for (FeedBucket bucket : mongo.find(Query.query(Criteria.where("_id").in(bucketIds)), FeedBucket.class,
                    ReadModels.SYNC_FEED)) {
                bucket.e().values().stream().filter(entry -> entry.n() > after && entry.n() <= upTo)
                        .forEach(entries::add);
            }
        }
        // neither the buckets ("u:10" sorts before "u:9") nor the fields within one come back in number order
        entries.sort(Comparator.comparingLong(FeedEntry::n));
        return new SyncPage(null, changes(query, entries), SyncCursor.encode(upTo), upTo < head);
    }

    /**
     * A page of the current state: the user's conversations in id order (a key that never moves, so no conversation
     * is missed between pages), after {@code afterConversation}. The last page's cursor is the head taken before the
     * first; what changed meanwhile follows as changes.
     */
    private SyncPage state(GetChanges query, long head, String afterConversation) {
        List<String> ids = conversations.listedIdsOf(query.userId()).stream()
                .filter(id -> afterConversation == null || id.compareTo(afterConversation) > 0)
                .sorted()
                .toList();
        List<String> page = ids.subList(0, Math.min(query.limit(), ids.size()));
        List<ConversationSummary> summaries = conversations.summaries(query.userId(), page);
        return ids.size() > page.size()
                ? new SyncPage(summaries, List.of(), SyncCursor.encodeState(head, page.get(page.size() - 1)), true)
                : new SyncPage(summaries, List.of(), SyncCursor.encode(head), false);
    }

    private List<SyncPage.Change> changes(GetChanges query, List<FeedEntry> entries) {
        Set<String> messageIds = new LinkedHashSet<>();
        Set<String> joined = new LinkedHashSet<>();
        for (FeedEntry entry : entries) {
            if (CARRIES_MESSAGE.contains(entry.type())) {
                messageIds.add(ReadModels.key(entry.conversationId(), entry.seq() == null ? 0 : entry.seq()));
            } else if (CARRIES_CONVERSATION.contains(entry.type())) {
                joined.add(entry.conversationId());
            }
        }
        Map<String, MessageView> messagesById = messages.byIds(messageIds, query.userId().value()).stream()
                .collect(Collectors.toMap(m -> ReadModels.key(m.conversationId(), m.seq()), Function.identity()));
        Map<String, ConversationSummary> summaries = new HashMap<>();
        conversations.summaries(query.userId(), joined).forEach(s -> summaries.put(s.conversationId(), s));
        List<SyncPage.Change> changes = new ArrayList<>(entries.size());
        for (FeedEntry entry : entries) {
            String conversationId = entry.conversationId();
            changes.add(new SyncPage.Change(entry.type(), conversationId, entry.at(),
                    CARRIES_CONVERSATION.contains(entry.type()) ? summaries.get(conversationId) : null,
                    CARRIES_MESSAGE.contains(entry.type())
                            ? messagesById.get(ReadModels.key(conversationId, entry.seq())) : null,
                    entry.userId(), entry.userIds(), entry.seq()));
        }
        return changes;
    }

    private long head(String user) {
        FeedHead head = mongo.findById(user, FeedHead.class, ReadModels.SYNC_HEADS);
        return head == null ? 0 : head.n();
    }
}
