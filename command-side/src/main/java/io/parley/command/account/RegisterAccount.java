package io.parley.command.account;

import io.parley.api.account.UserId;
import io.parley.api.account.Username;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

record RegisterAccount(@TargetAggregateIdentifier UserId userId, Username username, String displayName,
                       String passwordHash) {

    @Override
    public String toString() {
        return "RegisterAccount[userId=" + userId + ", username=" + username + "]";
    }
}
