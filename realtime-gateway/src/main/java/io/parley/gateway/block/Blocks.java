package io.parley.gateway.block;

import io.parley.api.account.UserId;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This node's view of who blocks whom, kept from the {@code UserBlocked}/{@code UserUnblocked} events by the realtime
 * projector (like {@link io.parley.gateway.membership.Memberships}): between two users with a block either way,
 * neither presence nor typing is shared. Nor between the two of a message request not accepted yet, kept here from
 * the {@code MessageRequestOpened}/{@code MessageRequestAccepted} events ({@code requests.MessageRequestRelay}).
 */
@Component
public class Blocks {

    /** [blocker, blocked]. */
    private final Set<List<UserId>> blocks = ConcurrentHashMap.newKeySet();
    /** [requester, the one the request is to], while not accepted. */
    private final Set<List<UserId>> pendingRequests = ConcurrentHashMap.newKeySet();

    public void blocked(UserId blocker, UserId blocked) {
        blocks.add(List.of(blocker, blocked));
    }

    public void unblocked(UserId blocker, UserId blocked) {
        blocks.remove(List.of(blocker, blocked));
    }

    public void requestOpened(UserId requester, UserId to) {
        pendingRequests.add(List.of(requester, to));
    }

    public void requestAccepted(UserId requester, UserId by) {
        pendingRequests.remove(List.of(requester, by));
    }

    /** Whether a message request from the requester to the user is not accepted yet. */
    public boolean requestPending(UserId requester, UserId to) {
        return !pendingRequests.isEmpty() && pendingRequests.contains(List.of(requester, to));
    }

    /** Whether either blocks the other, or a message request between them is not accepted yet. */
    public boolean between(UserId one, UserId other) {
        return !blocks.isEmpty() && (blocks.contains(List.of(one, other)) || blocks.contains(List.of(other, one)))
                || !pendingRequests.isEmpty()
                && (pendingRequests.contains(List.of(one, other)) || pendingRequests.contains(List.of(other, one)));
    }
}
