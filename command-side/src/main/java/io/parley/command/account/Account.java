package io.parley.command.account;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import io.parley.api.account.AccountRegistered;
import io.parley.api.account.DeviceLoggedIn;
import io.parley.api.account.DeviceSessionRevoked;
import io.parley.api.account.RefreshTokenRotated;
import io.parley.api.account.UserId;
import io.parley.api.problem.Rejection;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** A user's credentials and device sessions. Its id derives from the username, which keeps usernames unique. */
@Aggregate(cache = "accountCache", snapshotTriggerDefinition = "accountSnapshotTrigger")
@Revision("1")
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE, isGetterVisibility = Visibility.NONE)
class Account {

    @AggregateIdentifier
    private UserId userId;
    private String passwordHash;
    private Map<String, DeviceSession> devices = new HashMap<>();

    Account() {
        // for Axon and Jackson
    }

    @CommandHandler
    Account(RegisterAccount command) {
        apply(new AccountRegistered(command.userId(), command.username(), command.displayName(),
                command.passwordHash(), now()));
    }

    @CommandHandler
    void handle(LogIn command, PasswordEncoder passwords) {
        if (!passwords.matches(command.password(), passwordHash)) {
            throw Rejection.INVALID_CREDENTIALS.exception("Invalid username or password");
        }
        apply(new DeviceLoggedIn(userId, command.deviceId(), command.refreshTokenHash(), now(),
                command.refreshExpiresAt()));
    }

    @CommandHandler
    RefreshOutcome handle(RefreshSession command) {
        DeviceSession session = devices.get(command.deviceId());
        if (session == null) {
            return RefreshOutcome.REJECTED;
        }
        if (session.accepts(command.presentedTokenHash(), now())) {
            apply(new RefreshTokenRotated(userId, command.deviceId(), command.presentedTokenHash(),
                    command.newTokenHash(), now(), command.refreshExpiresAt()));
            return RefreshOutcome.ROTATED;
        }
        if (session.wasRotatedOut(command.presentedTokenHash())) {
            if (!session.revoked()) {
                apply(new DeviceSessionRevoked(userId, command.deviceId(), DeviceSessionRevoked.Reason.REFRESH_TOKEN_REUSED, now()));
            }
            return RefreshOutcome.REUSE_DETECTED;
        }
        return RefreshOutcome.REJECTED;
    }

    @CommandHandler
    void handle(LogOut command) {
        DeviceSession session = devices.get(command.deviceId());
        if (session != null && !session.revoked()) {
            apply(new DeviceSessionRevoked(userId, command.deviceId(), DeviceSessionRevoked.Reason.LOGOUT, now()));
        }
    }

    @EventSourcingHandler
    void on(AccountRegistered event) {
        userId = event.userId();
        passwordHash = event.passwordHash();
    }

    @EventSourcingHandler
    void on(DeviceLoggedIn event) {
        devices.put(event.deviceId(), DeviceSession.started(event.refreshTokenHash(), event.refreshExpiresAt()));
    }

    @EventSourcingHandler
    void on(RefreshTokenRotated event) {
        devices.computeIfPresent(event.deviceId(),
                (device, session) -> session.rotatedTo(event.newTokenHash(), event.refreshExpiresAt()));
    }

    @EventSourcingHandler
    void on(DeviceSessionRevoked event) {
        devices.computeIfPresent(event.deviceId(), (device, session) -> session.revoke());
    }

    private static Instant now() {
        return GenericEventMessage.clock.instant();
    }
}
