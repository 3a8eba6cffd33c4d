package io.parley.gateway.membership;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.parley.api.account.UserId;
import io.parley.api.conversation.ConversationId;
import io.parley.api.conversation.ConversationMembers;
import io.parley.api.conversation.GetMembers;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who is in each conversation, for authorizing pushes and typing. Asked of the write model once per
 * conversation, then kept current by the realtime projector from the membership events it sees. Bounded (the least
 * used conversations are asked again when next needed), and only answers with members are kept: an unknown
 * conversation, or a lookup that failed, is asked again next time instead of being remembered as empty.
 */
@Component
public class Memberships {

    private static final Logger log = LoggerFactory.getLogger(Memberships.class);

    private final QueryGateway queries;
    private final Cache<String, Set<UserId>> members;

    Memberships(QueryGateway queries, @Value("${parley.gateway.cached-conversations:100000}") long maxCached) {
        this.queries = queries;
        this.members = Caffeine.newBuilder().maximumSize(maxCached).build();
    }

    /** The members; none for an unknown conversation or when they cannot be learned right now. */
    public Collection<UserId> of(ConversationId conversation) {
        Set<UserId> known = members.get(conversation.value(), id -> load(conversation));
        return known == null ? Set.of() : known;
    }

    public boolean isMember(ConversationId conversation, UserId user) {
        return of(conversation).contains(user);
    }

    /** Whether this node holds the members of the conversation now (without asking anyone). */
    public boolean holds(ConversationId conversation) {
        return members.getIfPresent(conversation.value()) != null;
    }

    /** Everyone who shares a conversation with the user, among the conversations this node holds. */
    public Set<UserId> contactsOf(UserId user) {
        Set<UserId> contacts = new HashSet<>();
        for (Set<UserId> conversationMembers : members.asMap().values()) {
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

    /** Only into a set held; one not held is asked of the write model when next needed, changes included. */
    public void added(ConversationId conversation, List<UserId> users) {
        members.asMap().computeIfPresent(conversation.value(), (id, set) -> {
            set.addAll(users);
            return set;
        });
    }

    public void removed(ConversationId conversation, UserId user) {
        members.asMap().computeIfPresent(conversation.value(), (id, set) -> {
            set.remove(user);
            return set;
        });
    }

    /** Null (nothing kept) for an unknown conversation, one nobody is in any more, or a failed lookup. */
    private Set<UserId> load(ConversationId conversation) {
        List<UserId> found;
        try {
            found = queries.query(new GetMembers(conversation), ResponseTypes.instanceOf(ConversationMembers.class))
                    .join().members();
        } catch (RuntimeException unknownOrUnavailable) {
            log.debug("Members of {} unknown: {}", conversation, unknownOrUnavailable.toString());
            return null;
        }
        if (found.isEmpty()) {
            return null;
        }
        Set<UserId> set = ConcurrentHashMap.newKeySet();
        set.addAll(found);
        return set;
    }
}
