package io.parley.command.account;

import io.parley.api.account.UserId;
import io.parley.api.problem.Rejection;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

import java.util.Collection;

/** Tells whether accounts exist, straight from the event store (one indexed point lookup each). */
@Component
public class AccountDirectory {

    private final EventStore eventStore;

    AccountDirectory(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    public boolean exists(UserId user) {
        return eventStore.lastSequenceNumberFor(user.value()).isPresent();
    }

    public void requireExisting(Collection<UserId> users) {
        for (UserId user : users) {
            if (!exists(user)) {
                throw Rejection.USER_NOT_FOUND.exception("No user with id " + user);
            }
        }
    }
}
