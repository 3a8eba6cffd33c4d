package io.parley.query.conversation;

import io.parley.api.problem.Rejection;
import io.parley.api.query.ListMemberships;
import io.parley.api.query.MembershipsPage;
import io.parley.api.query.MembershipsPage.ConversationMembers;
import io.parley.query.projection.ReadModels;
import io.parley.query.projection.StreamPosition;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * Who is in every conversation (and, with the first page, who blocks whom), a page at a time in id order, with how far the read model had got in the event
 * stream before the page was read ({@link ReadModels#STREAM_POSITION}): a gateway node's membership view at start.
 */
@Component
class MembershipQueries {

    private final MongoTemplate mongo;

    MembershipQueries(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @QueryHandler
    MembershipsPage handle(ListMemberships query) {
        if (query.limit() < 1 || query.limit() > ListMemberships.MAX_LIMIT) {
            throw Rejection.INVALID_REQUEST.exception("limit must be between 1 and " + ListMemberships.MAX_LIMIT);
        }
        // before the conversations: they hold at least every event up to it, and maybe later ones
        long covered = coveredPosition();
        Query conversations = query.after() == null ? new Query() : Query.query(Criteria.where("_id").gt(query.after()));
        conversations.fields().include(ConversationDocument.Membership.FIELDS);
        conversations.with(Sort.by("_id")).limit(query.limit());
        List<ConversationMembers> page = new ArrayList<>();
        String last = null;
        int read = 0;
        for (ConversationDocument.Membership conversation : mongo.find(conversations,
                ConversationDocument.Membership.class, ReadModels.CONVERSATIONS)) {
            read++;
            last = conversation.id();
            if (!conversation.members().isEmpty()) {
                page.add(new ConversationMembers(last, conversation.kind(), conversation.title(),
                        conversation.members(), conversation.lastSeq(), conversation.requestTo()));
            }
        }
        return new MembershipsPage(covered, page, read < query.limit() ? null : last,
                query.after() == null ? blocks() : List.of());
    }

    private List<MembershipsPage.Block> blocks() {
        return mongo.findAll(BlockDocument.class, ReadModels.BLOCKS).stream()
                .map(block -> new MembershipsPage.Block(block.blocker(), block.blocked())).toList();
    }

    private long coveredPosition() {
        StreamPosition marker = mongo.findById(StreamPosition.ID, StreamPosition.class, ReadModels.STREAM_POSITION);
        return marker == null ? -1 : marker.position();
    }
}
