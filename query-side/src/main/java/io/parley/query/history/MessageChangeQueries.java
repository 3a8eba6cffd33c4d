package io.parley.query.history;

import io.parley.api.problem.Rejection;
import io.parley.api.query.GetMessageChanges;
import io.parley.api.query.MessageChangesPage;
import io.parley.query.conversation.ConversationReads;
import io.parley.query.conversation.MessageChanges;
import io.parley.query.projection.ReadModels;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/** The messages changed since a change number, read by id from the change log ({@link MessageChanges}). */
@Component
class MessageChangeQueries {

    private final MongoTemplate mongo;
    private final ConversationReads conversations;
    private final MessageViews messages;

    MessageChangeQueries(MongoTemplate mongo, ConversationReads conversations, MessageViews messages) {
        this.mongo = mongo;
        this.conversations = conversations;
        this.messages = messages;
    }

    @QueryHandler
    MessageChangesPage handle(GetMessageChanges query) {
        if (query.limit() < 1 || query.limit() > GetMessageChanges.MAX_LIMIT || query.afterChange() < 0) {
            throw Rejection.INVALID_REQUEST.exception("limit must be between 1 and " + GetMessageChanges.MAX_LIMIT
                    + ", afterChange at least 0");
        }
        ConversationReads.Access access = conversations.requireMember(query.conversationId(), query.userId());
        String conversationId = query.conversationId().value();
        long lastChange = access.lastChange();
        long after = Math.min(query.afterChange(), lastChange);
        long upTo = Math.min(lastChange, after + query.limit());
        List<String> bucketIds = new ArrayList<>();
        for (long n = after + 1; n <= upTo; n += MessageChanges.BUCKET - n % MessageChanges.BUCKET) {
            bucketIds.add(MessageChanges.bucketId(conversationId, n));
        }
        TreeMap<Long, Long> seqByChange = new TreeMap<>();
        if (!bucketIds.isEmpty()) {
            for (MessageChanges bucket : mongo.find(Query.query(Criteria.where("_id").in(bucketIds)),
                    MessageChanges.class, ReadModels.MESSAGE_CHANGES)) {
                bucket.c().forEach((n, seq) -> {
                    long change = Long.parseLong(n);
                    if (change > after && change <= upTo) {
                        seqByChange.put(change, seq);
                    }
                });
            }
        }
        Set<String> keys = new LinkedHashSet<>();
        seqByChange.values().forEach(seq -> keys.add(ReadModels.key(conversationId, seq)));
        return new MessageChangesPage(conversationId, messages.byIds(keys, query.userId().value()), upTo,
                upTo < lastChange);
    }
}
