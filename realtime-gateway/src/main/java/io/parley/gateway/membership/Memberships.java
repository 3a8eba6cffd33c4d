package io.parley.gateway.membership;

import io.parley.api.account.UserId;
import io.parley.api.conversation.ConversationId;
import io.parley.api.conversation.ConversationMembers;
import io.parley.api.conversation.GetMembers;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who is in each conversation, for authorizing pushes and typing. Asked of the write model once per
 * conversation, then kept current by the realtime projector from the membership events it sees.
 */
@Component
public class Memberships {

    private final QueryGateway queries;
    private final Map<String, Set<UserId>> members = new ConcurrentHashMap<>();

    Memberships(QueryGateway queries) {
        this.queries = queries;
    }

    public Collection<UserId> of(ConversationId conversation) {
        return members.computeIfAbsent(conversation.value(), id -> load(conversation));
    }

    public boolean isMember(ConversationId conversation, UserId user) {
        return of(conversation).contains(user);
    }

    /** Everyone who shares a conversation with the user, among the conversations this node has seen. */
    public Set<UserId> contactsOf(UserId user) {
        Set<UserId> contacts = new HashSet<>();
        for (Set<UserId> conversationMembers : members.values()) {
            if (conversationMembers.contains(user)) {
                contacts.addAll(conversationMembers);
            }
        }
        contacts.remove(user);
        return contacts;
    }

    public void started(ConversationId conversation, List<UserId> initialMembers) {
        Set<UserId> set = ConcurrentHashMap.newKeySet();
        set.addAll(initialMembers);
        members.put(conversation.value(), set);
    }

    public void added(ConversationId conversation, List<UserId> users) {
        of(conversation).addAll(users);
    }

    public void removed(ConversationId conversation, UserId user) {
        of(conversation).remove(user);
    }

    private Set<UserId> load(ConversationId conversation) {
        Set<UserId> set = ConcurrentHashMap.newKeySet();
        try {
            set.addAll(queries.query(new GetMembers(conversation), ResponseTypes.instanceOf(ConversationMembers.class))
                    .join().members());
        } catch (RuntimeException unknownConversation) {
            // nobody to push to; a later membership event creates the entry
            return set;
        }
        return set;
    }
}
