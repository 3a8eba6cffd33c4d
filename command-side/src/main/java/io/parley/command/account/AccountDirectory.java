package io.parley.command.account;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.parley.api.account.AccountRegistered;
import io.parley.api.account.UserId;
import io.parley.api.problem.Rejection;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.util.Collection;

/**
 * Tells whether accounts exist, straight from the event store. Every aggregate's id is in the same id space, so a
 * registered user is an id whose first event is an {@link AccountRegistered}; accounts are never deleted, so the
 * users found are remembered (bounded) and only unknown ids cost a read.
 */
@Component
public class AccountDirectory {

    private final EventStore eventStore;
    private final Cache<String, Boolean> registered;

    AccountDirectory(EventStore eventStore, @Value("${parley.accounts.known-users-cached:100000}") long cached) {
        this.eventStore = eventStore;
        this.registered = Caffeine.newBuilder().maximumSize(cached).build();
    }

    /** Whether anything, of any type, was stored under this id: one indexed point lookup. */
    public boolean exists(UserId user) {
        return eventStore.lastSequenceNumberFor(user.value()).isPresent();
    }

    /** Whether this id is a registered user's (not a conversation's, a media item's, or nothing's). */
    public boolean isRegistered(UserId user) {
        if (registered.getIfPresent(user.value()) != null) {
            return true;
        }
        if (!exists(user)) {
            return false;
        }
        DomainEventStream events = eventStore.readEvents(user.value(), 0);
        boolean isAccount = events.hasNext() && AccountRegistered.class.equals(events.peek().getPayloadType());
        if (isAccount) {
            registered.put(user.value(), Boolean.TRUE);
        }
        return isAccount;
    }

    public void requireRegistered(Collection<UserId> users) {
        for (UserId user : users) {
            if (!isRegistered(user)) {
                throw Rejection.USER_NOT_FOUND.exception("No user with id " + user);
            }
        }
    }
}
