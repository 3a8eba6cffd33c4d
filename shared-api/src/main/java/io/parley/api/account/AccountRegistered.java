package io.parley.api.account;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A new account exists. The password hash is a one-way hash (BCrypt), never the password. */
@Revision("1")
public record AccountRegistered(UserId userId, Username username, String displayName, String passwordHash,
                                Instant registeredAt) {

    @Override
    public String toString() {
        return "AccountRegistered[userId=" + userId + ", username=" + username + ", displayName=" + displayName + "]";
    }
}
