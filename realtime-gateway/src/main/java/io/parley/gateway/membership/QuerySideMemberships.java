package io.parley.gateway.membership;

import io.parley.api.account.UserId;
import io.parley.api.conversation.ConversationId;
import io.parley.api.query.ListMemberships;
import io.parley.api.query.MembershipsPage;
import io.parley.api.query.MembershipsPage.ConversationMembers;
import io.parley.gateway.block.Blocks;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * Loads the membership view, and who blocks whom or has a message request open, from the query side's read model
 * ({@link ListMemberships}), for a start that does not replay the event stream. All pages are read before the view changes, so a failure part way leaves it as it was.
 */
@Component
public class QuerySideMemberships {

    /** Small enough for a query answer over Axon Server (4 MB by default) with large groups. */
    private static final int PAGE = 500;

    private final QueryGateway queries;
    private final Memberships view;
    private final Blocks blocks;

    QuerySideMemberships(QueryGateway queries, Memberships view, Blocks blocks) {
        this.queries = queries;
        this.view = view;
        this.blocks = blocks;
    }

    /** Fills the view; answers the position up to which the read model held every event (-1: none). */
    public Loaded load() {
        List<ConversationMembers> all = new ArrayList<>();
        List<MembershipsPage.Block> blocked = new ArrayList<>();
        long covered = -1;
        String after = null;
        boolean first = true;
        do {
            MembershipsPage page = queries.query(new ListMemberships(after, PAGE),
                    ResponseTypes.instanceOf(MembershipsPage.class)).join();
            if (first) {
                covered = page.coveredPosition();
                blocked.addAll(page.blocks());
                first = false;
            }
            all.addAll(page.conversations());
            after = page.nextCursor();
        } while (after != null);
        // blocks and requests before the members: a presence step meanwhile never finds two sharing a chat without them
        blocked.forEach(block -> blocks.blocked(UserId.of(block.blocker()), UserId.of(block.blocked())));
        for (ConversationMembers conversation : all) {
            ConversationId id = ConversationId.of(conversation.conversationId());
            if (conversation.requestTo() != null) {
                conversation.members().stream().filter(member -> !member.equals(conversation.requestTo())).findFirst()
                        .ifPresent(requester -> blocks.requestOpened(UserId.of(requester), UserId.of(conversation.requestTo())));
            }
            view.started(id, conversation.kind(), conversation.title(),
                    conversation.members().stream().map(UserId::of).toList());
            view.sent(id, conversation.lastSeq());
        }
        return new Loaded(all.size(), covered);
    }

    public record Loaded(int conversations, long coveredPosition) {
    }
}
