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
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** A user's credentials and device sessions. Its id derives from the username, which keeps usernames unique. */
@Aggregate(cache = "accountCache", snapshotTriggerDefinition = "accountSnapshotTrigger",
        commandTargetResolver = "commandTargets")
// 2: device sessions carry their session id and last use; older snapshots are skipped and the account replayed
@Revision("2")
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
        DisplayNames.requireValid(command.displayName());
        apply(new AccountRegistered(command.userId(), command.username(), command.displayName(),
                command.passwordHash(), now()));
    }

    @CommandHandler
    void handle(LogIn command, PasswordEncoder passwords, DeviceLimit limit) {
        if (!passwords.matches(command.password(), passwordHash)) {
            throw Rejection.INVALID_CREDENTIALS.exception("Invalid username or password");
        }
        DeviceSession existing = devices.get(command.deviceId());
        boolean newDevice = existing == null || !existing.isActive(now());
        if (newDevice && activeDevices().count() >= limit.maxActiveDevices()) {
            throw Rejection.TOO_MANY_DEVICES.exception("At most " + limit.maxActiveDevices()
                    + " devices may be logged in at once: log one out first (DELETE /api/v1/auth/devices/{deviceId})");
        }
        apply(new DeviceLoggedIn(userId, command.deviceId(), command.refreshTokenHash(), now(),
                command.refreshExpiresAt(), command.sessionId()));
    }

    @CommandHandler
    RefreshResult handle(RefreshSession command) {
        DeviceSession session = devices.get(command.deviceId());
        if (session == null) {
            return RefreshResult.REJECTED;
        }
        if (session.accepts(command.presentedTokenHash(), now())) {
            apply(new RefreshTokenRotated(userId, command.deviceId(), command.presentedTokenHash(),
                    command.newTokenHash(), now(), command.refreshExpiresAt()));
            return RefreshResult.rotated(session.sessionId());
        }
        if (session.wasRotatedOut(command.presentedTokenHash())) {
            if (!session.revoked()) {
                revoke(command.deviceId(), session, DeviceSessionRevoked.Reason.REFRESH_TOKEN_REUSED);
            }
            return RefreshResult.REUSE_DETECTED;
        }
        return RefreshResult.REJECTED;
    }

    @CommandHandler
    void handle(LogOut command) {
        DeviceSession session = devices.get(command.deviceId());
        if (session != null && !session.revoked()) {
            revoke(command.deviceId(), session, DeviceSessionRevoked.Reason.LOGOUT);
        }
    }

    @CommandHandler
    void handle(RemoveDevice command) {
        DeviceSession session = devices.get(command.deviceId());
        if (session == null || !session.isActive(now())) {
            throw Rejection.DEVICE_NOT_FOUND.exception("No active session on device " + command.deviceId());
        }
        revoke(command.deviceId(), session, DeviceSessionRevoked.Reason.REMOVED_BY_USER);
    }

    @CommandHandler
    ActiveDevices handle(ListDevices command) {
        return new ActiveDevices(activeDevices()
                .map(entry -> new ActiveDevices.Device(entry.getKey(), entry.getValue().lastUsedAt()))
                .sorted(Comparator.comparing(ActiveDevices.Device::lastUsedAt,
                        Comparator.nullsLast(Comparator.reverseOrder())).thenComparing(ActiveDevices.Device::deviceId))
                .toList());
    }

    private Stream<Map.Entry<String, DeviceSession>> activeDevices() {
        Instant now = now();
        return devices.entrySet().stream().filter(entry -> entry.getValue().isActive(now));
    }

    private void revoke(String deviceId, DeviceSession session, DeviceSessionRevoked.Reason reason) {
        apply(new DeviceSessionRevoked(userId, deviceId, reason, now(), session.sessionId()));
    }

    @EventSourcingHandler
    void on(AccountRegistered event) {
        userId = event.userId();
        passwordHash = event.passwordHash();
    }

    @EventSourcingHandler
    void on(DeviceLoggedIn event) {
        devices.put(event.deviceId(), DeviceSession.started(event.sessionId(), event.refreshTokenHash(),
                event.loggedInAt(), event.refreshExpiresAt()));
    }

    @EventSourcingHandler
    void on(RefreshTokenRotated event) {
        devices.computeIfPresent(event.deviceId(),
                (device, session) -> session.rotatedTo(event.newTokenHash(), event.rotatedAt(),
                        event.refreshExpiresAt()));
    }

    @EventSourcingHandler
    void on(DeviceSessionRevoked event) {
        devices.computeIfPresent(event.deviceId(), (device, session) -> session.revoke());
    }

    private static Instant now() {
        return GenericEventMessage.clock.instant();
    }
}
