package io.parley.command.account;

import io.parley.api.account.Username;
import io.parley.platform.limits.KeyedBuckets;
import io.parley.platform.limits.TooManyRequestsException;

import java.time.Duration;
import java.util.Optional;

/**
 * Makes password guessing slow without letting a guesser lock the owner out. Only failed logins count, in three
 * budgets: per (username, address), per address, and per username over all addresses. A login is refused (429)
 * before its password is checked while its address or its (username, address) pair has spent its budget. The
 * per-username budget only slows down addresses that have themselves failed for that username: from an address with
 * no failures for it, a login is always tried, so the owner signs in from their own device however hard someone else
 * hammers their name. A successful login clears its (username, address) failures.
 */
final class LoginThrottle {

    private record Key(String scope, String username, String address) {
    }

    private final LoginThrottleProperties limits;
    private final KeyedBuckets failures;

    LoginThrottle(LoginThrottleProperties limits) {
        this.limits = limits;
        this.failures = new KeyedBuckets(limits.trackedKeys());
    }

    /** Throws a {@link TooManyRequestsException} if this address must wait before trying {@code username} again. */
    void admit(Optional<Username> username, String address) {
        refuseIfSpent(addressKey(address), "Too many failed logins from this address");
        if (username.isEmpty()) {
            return;
        }
        Key pair = pairKey(username.get(), address);
        refuseIfSpent(pair, "Too many failed logins for this username from this address");
        if (failures.isTracked(pair)) {
            refuseIfSpent(usernameKey(username.get()), "Too many failed logins for this username");
        }
    }

    void failed(Optional<Username> username, String address) {
        failures.tryTake(addressKey(address), limits.perAddress());
        username.ifPresent(name -> {
            failures.tryTake(pairKey(name, address), limits.perUserAndAddress());
            failures.tryTake(usernameKey(name), limits.perUsername());
        });
    }

    void succeeded(Username username, String address) {
        failures.forget(pairKey(username, address));
    }

    private void refuseIfSpent(Key key, String detail) {
        Optional<Duration> wait = failures.waitFor(key);
        if (wait.isPresent()) {
            throw new TooManyRequestsException(detail, wait.get());
        }
    }

    private static Key addressKey(String address) {
        return new Key("address", null, address);
    }

    private static Key pairKey(Username username, String address) {
        return new Key("username@address", username.value(), address);
    }

    private static Key usernameKey(Username username) {
        return new Key("username", username.value(), null);
    }
}
