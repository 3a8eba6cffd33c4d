package io.parley.gateway.membership;

import io.parley.api.account.UserId;
import io.parley.api.conversation.ConversationId;
import io.parley.api.conversation.ConversationKind;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This node's view of who is in each conversation and its last seq, for authorizing pushes, typing and catch-up.
 * Loaded at start from the query side's read model ({@link QuerySideMemberships}), then kept from the conversation
 * events (the realtime projector applies them), never asked of anyone while it runs: a conversation it has not seen
 * is unknown, and asking about one adds nothing. It holds the conversations that exist and have members, however
 * often it is asked about others. Each conversation is written by one thread at a time (the projector's segment
 * that holds it), read by any. Applying an event again leaves it as it was: members are a set, the last seq a
 * maximum.
 */
@Component
public class Memberships {

    private final Map<String, Members> conversations = new ConcurrentHashMap<>();
    /** userId → the conversations they are in, so that a user's contacts are found without a scan. */
    private final Map<UserId, Set<String>> byUser = new ConcurrentHashMap<>();

    /** The members; none for a conversation this view does not know. */
    public Collection<UserId> of(ConversationId conversation) {
        Members members = conversations.get(conversation.value());
        return members == null ? Set.of() : Collections.unmodifiableSet(members.users);
    }

    public boolean isMember(ConversationId conversation, UserId user) {
        Members members = conversations.get(conversation.value());
        return members != null && members.users.contains(user);
    }

    /** The conversation's last seq when the user is a member, else -1 (also for an unknown conversation). */
    public long lastSeqIfMember(ConversationId conversation, UserId user) {
        Members members = conversations.get(conversation.value());
        return members != null && members.users.contains(user) ? members.lastSeq : -1;
    }

    /** Everyone who shares a conversation with the user. */
    public Set<UserId> contactsOf(UserId user) {
        Set<UserId> contacts = new HashSet<>();
        for (String conversation : byUser.getOrDefault(user, Set.of())) {
            Members members = conversations.get(conversation);
            if (members != null) {
                contacts.addAll(members.users);
            }
        }
        contacts.remove(user);
        return contacts;
    }

    /** How many conversations the view holds. */
    public int size() {
        return conversations.size();
    }

    /** The conversations the user is in. */
    public Set<String> conversationsOf(UserId user) {
        return Set.copyOf(byUser.getOrDefault(user, Set.of()));
    }

    /** The conversation's kind and title (null: none), for announcing it; null for a conversation it does not know. */
    public Description describe(ConversationId conversation) {
        Members members = conversations.get(conversation.value());
        return members == null ? null : new Description(members.kind, members.title);
    }

    public void started(ConversationId conversation, ConversationKind kind, String title, List<UserId> initialMembers) {
        added(conversation, initialMembers);
        Members members = conversations.get(conversation.value());
        if (members != null) {
            members.kind = kind;
            members.title = title;
        }
    }

    public void added(ConversationId conversation, Collection<UserId> users) {
        Members members = conversations.computeIfAbsent(conversation.value(), id -> new Members());
        members.users.addAll(users);
        // inside compute: another segment's removal may drop the user's set meanwhile
        users.forEach(user -> byUser.compute(user, (id, theirs) -> {
            Set<String> conversationsOfUser = theirs == null ? ConcurrentHashMap.newKeySet() : theirs;
            conversationsOfUser.add(conversation.value());
            return conversationsOfUser;
        }));
    }

    /** A conversation nobody is in any more is forgotten: no one can send into it or catch it up. */
    public void removed(ConversationId conversation, UserId user) {
        byUser.computeIfPresent(user, (id, theirs) -> {
            theirs.remove(conversation.value());
            return theirs.isEmpty() ? null : theirs;
        });
        conversations.computeIfPresent(conversation.value(), (id, members) -> {
            members.users.remove(user);
            return members.users.isEmpty() ? null : members;
        });
    }

    public void sent(ConversationId conversation, long seq) {
        Members members = conversations.get(conversation.value());
        if (members != null && seq > members.lastSeq) {
            members.lastSeq = seq;
        }
    }

    private static final class Members {
        final Set<UserId> users = ConcurrentHashMap.newKeySet();
        volatile long lastSeq;
        volatile ConversationKind kind;
        volatile String title;
    }

    public record Description(ConversationKind kind, String title) {
    }
}
