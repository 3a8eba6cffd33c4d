package io.parley.query.conversation;

import io.parley.api.query.ConversationList;
import io.parley.api.query.GetReceipts;
import io.parley.api.query.ListConversations;
import io.parley.api.query.Receipts;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;

/** The conversation list and receipts, for the REST endpoints and the query bus alike. */
@Component
class ConversationQueries {

    private final ConversationReads reads;
    private final ConversationListing listing;

    ConversationQueries(ConversationReads reads, ConversationListing listing) {
        this.reads = reads;
        this.listing = listing;
    }

    @QueryHandler
    ConversationList handle(ListConversations query) {
        return listing.page(query);
    }

    @QueryHandler
    Receipts handle(GetReceipts query) {
        ConversationReads.Access access = reads.requireMember(query.conversationId(), query.userId());
        Map<String, MemberDocument.Watermarks> watermarks =
                reads.members(query.conversationId().value(), access.members());
        List<Receipts.Receipt> members = access.members().stream()
                .filter(watermarks::containsKey)
                .map(user -> new Receipts.Receipt(user, watermarks.get(user).delivered(), watermarks.get(user).read()))
                .toList();
        return new Receipts(query.conversationId().value(), access.lastSeq(), members);
    }
}
