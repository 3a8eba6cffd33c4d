package io.parley.gateway.membership;

import io.parley.api.account.UserId;
import io.parley.api.query.ConversationList;
import io.parley.api.query.ConversationSummary;
import io.parley.api.query.ListConversations;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * Every conversation a user is in, for catch-up and presence: the query side's pages, followed to the end, without
 * the groups the user is only invited into (which share nothing with them until accepted).
 */
@Component
public class UserConversations {

    private final QueryGateway queries;

    public UserConversations(QueryGateway queries) {
        this.queries = queries;
    }

    public List<ConversationSummary> of(UserId user) {
        return listed(user).stream().filter(conversation -> conversation.invitedBy() == null).toList();
    }

    /** The user's whole conversation list: the conversations they are in and the group invitations they have open. */
    public List<ConversationSummary> listed(UserId user) {
        List<ConversationSummary> all = new ArrayList<>();
        String cursor = null;
        do {
            ConversationList page = queries.query(new ListConversations(user, cursor, ListConversations.MAX_LIMIT),
                    ResponseTypes.instanceOf(ConversationList.class)).join();
            all.addAll(page.conversations());
            cursor = page.nextCursor();
        } while (cursor != null);
        return all;
    }
}
