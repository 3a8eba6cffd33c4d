package io.parley.command.account;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.command.axon.SnapshotSerialization;
import io.parley.api.account.AccountRegistered;
import io.parley.api.account.DeviceLoggedIn;
import io.parley.api.account.DeviceSessionRevoked;
import io.parley.api.account.RefreshTokenRotated;
import io.parley.api.account.UserId;
import io.parley.api.account.Username;
import io.parley.api.problem.Rejection;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.parley.command.RejectionMatchers.rejectedWith;
import static org.assertj.core.api.Assertions.assertThat;

class AccountTest {

    private static final PasswordEncoder PASSWORDS = new BCryptPasswordEncoder(4);
    private static final String PASSWORD = "correct horse battery staple";
    private static final Username USERNAME = Username.of("alice");
    private static final UserId USER = UserId.forUsername(USERNAME);
    private static final String PHONE = "phone";
    private static final String LAPTOP = "laptop";
    private static final String TABLET = "tablet";
    private static final Instant EARLIER = Instant.parse("2024-05-01T10:15:30.123456789Z");
    private static final int MAX_DEVICES = 3;

    private static String passwordHash;

    private AggregateTestFixture<Account> fixture;
    private Instant expiresAt;
    private Instant nextExpiresAt;

    @BeforeAll
    static void hashPassword() {
        passwordHash = PASSWORDS.encode(PASSWORD);
    }

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Account.class);
        fixture.registerInjectableResource(PASSWORDS);
        fixture.registerInjectableResource(new DeviceLimit(MAX_DEVICES));
        expiresAt = fixture.currentTime().plus(Duration.ofDays(30));
        nextExpiresAt = expiresAt.plus(Duration.ofDays(1));
    }

    // ---------------------------------------------------------------- registration

    @Test
    void registeringRecordsTheAccountWithItsPasswordHash() {
        fixture.givenNoPriorActivity()
                .when(new RegisterAccount(USER, USERNAME, "Alice", passwordHash))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new AccountRegistered(USER, USERNAME, "Alice", passwordHash, fixture.currentTime()));
    }

    @Test
    void registeredPasswordHashIsWhatLogInChecks() {
        fixture.givenCommands(new RegisterAccount(USER, USERNAME, "Alice", passwordHash))
                .when(new LogIn(USER, PASSWORD, PHONE, sid(PHONE), "rt-1", expiresAt))
                .expectEvents(new DeviceLoggedIn(USER, PHONE, "rt-1", fixture.currentTime(), expiresAt, sid(PHONE)));
    }

    // ---------------------------------------------------------------- login

    @Nested
    class LoggingIn {

        @Test
        void withTheRightPasswordStartsADeviceSession() {
            fixture.given(registered())
                    .when(new LogIn(USER, PASSWORD, PHONE, sid(PHONE), "rt-1", expiresAt))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new DeviceLoggedIn(USER, PHONE, "rt-1", fixture.currentTime(), expiresAt, sid(PHONE)));
        }

        @Test
        void withAWrongPasswordIsRejected() {
            fixture.given(registered())
                    .when(new LogIn(USER, "wrong password", PHONE, sid(PHONE), "rt-1", expiresAt))
                    .expectException(rejectedWith(Rejection.INVALID_CREDENTIALS))
                    .expectNoEvents();
        }

        @Test
        void withAnEmptyPasswordIsRejected() {
            fixture.given(registered())
                    .when(new LogIn(USER, "", PHONE, sid(PHONE), "rt-1", expiresAt))
                    .expectException(rejectedWith(Rejection.INVALID_CREDENTIALS))
                    .expectNoEvents();
        }

        @Test
        void withThePasswordHashInsteadOfThePasswordIsRejected() {
            fixture.given(registered())
                    .when(new LogIn(USER, passwordHash, PHONE, sid(PHONE), "rt-1", expiresAt))
                    .expectException(rejectedWith(Rejection.INVALID_CREDENTIALS))
                    .expectNoEvents();
        }

        @Test
        void againOnTheSameDeviceReplacesItsRefreshToken() {
            fixture.given(registered(), loggedIn(PHONE, "rt-1"), new DeviceLoggedIn(USER, PHONE, "rt-2", EARLIER, expiresAt, sid(PHONE)))
                    .when(refresh(PHONE, "rt-1", "rt-3"))
                    .expectNoEvents()
                    .expectResultMessagePayload(RefreshResult.REJECTED);
        }

        @Test
        void againAfterLogoutStartsAWorkingSession() {
            fixture.given(registered(), loggedIn(PHONE, "rt-1"), revoked(PHONE, DeviceSessionRevoked.Reason.LOGOUT),
                            new DeviceLoggedIn(USER, PHONE, "rt-2", EARLIER, expiresAt, "phone-second-login"))
                    .when(refresh(PHONE, "rt-2", "rt-3"))
                    .expectResultMessagePayload(RefreshResult.rotated("phone-second-login"));
        }
    }

    // ---------------------------------------------------------------- refresh

    @Nested
    class Refreshing {

        @Test
        void withTheCurrentTokenRotatesIt() {
            fixture.given(registered(), loggedIn(PHONE, "rt-1"))
                    .when(refresh(PHONE, "rt-1", "rt-2"))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new RefreshTokenRotated(USER, PHONE, "rt-1", "rt-2", fixture.currentTime(), nextExpiresAt))
                    .expectResultMessagePayload(RefreshResult.rotated(sid(PHONE)));
        }

        @Test
        void withTheNewTokenAfterRotationRotatesAgain() {
            fixture.given(registered(), loggedIn(PHONE, "rt-1"), rotated(PHONE, "rt-1", "rt-2"))
                    .when(refresh(PHONE, "rt-2", "rt-3"))
                    .expectEvents(new RefreshTokenRotated(USER, PHONE, "rt-2", "rt-3", fixture.currentTime(), nextExpiresAt))
                    .expectResultMessagePayload(RefreshResult.rotated(sid(PHONE)));
        }

        @Test
        void forAnUnknownDeviceIsRejected() {
            fixture.given(registered(), loggedIn(PHONE, "rt-1"))
                    .when(refresh("tablet", "rt-1", "rt-2"))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents()
                    .expectResultMessagePayload(RefreshResult.REJECTED);
        }

        @Test
        void withAnUnknownTokenIsRejected() {
            fixture.given(registered(), loggedIn(PHONE, "rt-1"))
                    .when(refresh(PHONE, "rt-unknown", "rt-2"))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents()
                    .expectResultMessagePayload(RefreshResult.REJECTED);
        }

        @Test
        void withAnotherDevicesTokenIsRejected() {
            fixture.given(registered(), loggedIn(PHONE, "rt-phone"), loggedIn(LAPTOP, "rt-laptop"))
                    .when(refresh(LAPTOP, "rt-phone", "rt-2"))
                    .expectNoEvents()
                    .expectResultMessagePayload(RefreshResult.REJECTED);
        }

        @Test
        void withAnExpiredTokenIsRejected() {
            fixture.given(registered(), loggedIn(PHONE, "rt-1"))
                    .andGivenCurrentTime(expiresAt)
                    .when(refresh(PHONE, "rt-1", "rt-2"))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents()
                    .expectResultMessagePayload(RefreshResult.REJECTED);
        }

        @Test
        void justBeforeExpiryRotates() {
            Instant justBefore = expiresAt.minusMillis(1);
            fixture.given(registered(), loggedIn(PHONE, "rt-1"))
                    .andGivenCurrentTime(justBefore)
                    .when(refresh(PHONE, "rt-1", "rt-2"))
                    .expectEvents(new RefreshTokenRotated(USER, PHONE, "rt-1", "rt-2", justBefore, nextExpiresAt))
                    .expectResultMessagePayload(RefreshResult.rotated(sid(PHONE)));
        }

        @Test
        void withARotatedOutTokenRevokesTheSessionAsReuse() {
            fixture.given(registered(), loggedIn(PHONE, "rt-1"), rotated(PHONE, "rt-1", "rt-2"))
                    .when(refresh(PHONE, "rt-1", "rt-3"))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new DeviceSessionRevoked(USER, PHONE, DeviceSessionRevoked.Reason.REFRESH_TOKEN_REUSED,
                            fixture.currentTime(), sid(PHONE)))
                    .expectResultMessagePayload(RefreshResult.REUSE_DETECTED);
        }

        @Test
        void withARotatedOutTokenOnAnotherDeviceIsJustRejected() {
            fixture.given(registered(), loggedIn(PHONE, "rt-1"), rotated(PHONE, "rt-1", "rt-2"), loggedIn(LAPTOP, "rt-l"))
                    .when(refresh(LAPTOP, "rt-1", "rt-3"))
                    .expectNoEvents()
                    .expectResultMessagePayload(RefreshResult.REJECTED);
        }

        @Test
        void withTheCurrentTokenAfterReuseWasDetectedIsRejected() {
            fixture.given(registered(), loggedIn(PHONE, "rt-1"), rotated(PHONE, "rt-1", "rt-2"),
                            revoked(PHONE, DeviceSessionRevoked.Reason.REFRESH_TOKEN_REUSED))
                    .when(refresh(PHONE, "rt-2", "rt-3"))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents()
                    .expectResultMessagePayload(RefreshResult.REJECTED);
        }

        @Test
        void withARotatedOutTokenAfterRevocationReportsReuseWithoutRevokingAgain() {
            fixture.given(registered(), loggedIn(PHONE, "rt-1"), rotated(PHONE, "rt-1", "rt-2"),
                            revoked(PHONE, DeviceSessionRevoked.Reason.REFRESH_TOKEN_REUSED))
                    .when(refresh(PHONE, "rt-1", "rt-3"))
                    .expectNoEvents()
                    .expectResultMessagePayload(RefreshResult.REUSE_DETECTED);
        }

        @Test
        void withTheCurrentTokenAfterLogoutIsRejected() {
            fixture.given(registered(), loggedIn(PHONE, "rt-1"), revoked(PHONE, DeviceSessionRevoked.Reason.LOGOUT))
                    .when(refresh(PHONE, "rt-1", "rt-2"))
                    .expectNoEvents()
                    .expectResultMessagePayload(RefreshResult.REJECTED);
        }

        @Test
        void onOneDeviceIsUnaffectedByLogoutOnAnother() {
            fixture.given(registered(), loggedIn(PHONE, "rt-phone"), loggedIn(LAPTOP, "rt-laptop"),
                            revoked(PHONE, DeviceSessionRevoked.Reason.LOGOUT))
                    .when(refresh(LAPTOP, "rt-laptop", "rt-2"))
                    .expectResultMessagePayload(RefreshResult.rotated(sid(LAPTOP)));
        }

        @Test
        void remembersTheLastHundredRotatedOutTokensAsReuse() {
            List<Object> history = rotations(DeviceSession.REMEMBERED + 1);
            fixture.given(history)
                    .when(refresh(PHONE, "rt-1", "rt-new"))
                    .expectEvents(new DeviceSessionRevoked(USER, PHONE, DeviceSessionRevoked.Reason.REFRESH_TOKEN_REUSED,
                            fixture.currentTime(), sid(PHONE)))
                    .expectResultMessagePayload(RefreshResult.REUSE_DETECTED);
        }

        @Test
        void forgetsRotatedOutTokensOlderThanTheLastHundred() {
            List<Object> history = rotations(DeviceSession.REMEMBERED + 1);
            fixture.given(history)
                    .when(refresh(PHONE, "rt-0", "rt-new"))
                    .expectNoEvents()
                    .expectResultMessagePayload(RefreshResult.REJECTED);
        }

        /** Logs the phone in with rt-0 and rotates it {@code count} times, to rt-{@code count}. */
        private List<Object> rotations(int count) {
            List<Object> events = new ArrayList<>(List.of(registered(), loggedIn(PHONE, "rt-0")));
            for (int i = 1; i <= count; i++) {
                events.add(rotated(PHONE, "rt-" + (i - 1), "rt-" + i));
            }
            return events;
        }
    }

    // ---------------------------------------------------------------- logout

    @Nested
    class LoggingOut {

        @Test
        void anActiveSessionRevokesIt() {
            fixture.given(registered(), loggedIn(PHONE, "rt-1"))
                    .when(new LogOut(USER, PHONE))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new DeviceSessionRevoked(USER, PHONE, DeviceSessionRevoked.Reason.LOGOUT,
                            fixture.currentTime(), sid(PHONE)));
        }

        @Test
        void againStoresNothing() {
            fixture.given(registered(), loggedIn(PHONE, "rt-1"), revoked(PHONE, DeviceSessionRevoked.Reason.LOGOUT))
                    .when(new LogOut(USER, PHONE))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void afterReuseWasDetectedStoresNothing() {
            fixture.given(registered(), loggedIn(PHONE, "rt-1"), rotated(PHONE, "rt-1", "rt-2"),
                            revoked(PHONE, DeviceSessionRevoked.Reason.REFRESH_TOKEN_REUSED))
                    .when(new LogOut(USER, PHONE))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void anUnknownDeviceStoresNothing() {
            fixture.given(registered(), loggedIn(PHONE, "rt-1"))
                    .when(new LogOut(USER, "tablet"))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }
    }

    // ---------------------------------------------------------------- device limit

    @Nested
    class DeviceLimits {

        @Test
        void aNewDeviceBeyondTheLimitIsRejected() {
            fixture.given(registered(), loggedIn(PHONE, "rt-p"), loggedIn(LAPTOP, "rt-l"), loggedIn(TABLET, "rt-t"))
                    .when(new LogIn(USER, PASSWORD, "watch", sid("watch"), "rt-w", expiresAt))
                    .expectException(rejectedWith(Rejection.TOO_MANY_DEVICES))
                    .expectNoEvents();
        }

        @Test
        void aLoggedInDeviceMayLogInAgainAtTheLimit() {
            fixture.given(registered(), loggedIn(PHONE, "rt-p"), loggedIn(LAPTOP, "rt-l"), loggedIn(TABLET, "rt-t"))
                    .when(new LogIn(USER, PASSWORD, PHONE, "phone-second-login", "rt-p2", expiresAt))
                    .expectEvents(new DeviceLoggedIn(USER, PHONE, "rt-p2", fixture.currentTime(), expiresAt,
                            "phone-second-login"));
        }

        @Test
        void loggedOutDevicesDoNotCount() {
            fixture.given(registered(), loggedIn(PHONE, "rt-p"), loggedIn(LAPTOP, "rt-l"), loggedIn(TABLET, "rt-t"),
                            revoked(LAPTOP, DeviceSessionRevoked.Reason.LOGOUT))
                    .when(new LogIn(USER, PASSWORD, "watch", sid("watch"), "rt-w", expiresAt))
                    .expectEvents(new DeviceLoggedIn(USER, "watch", "rt-w", fixture.currentTime(), expiresAt, sid("watch")));
        }

        @Test
        void devicesWhoseRefreshTokenExpiredDoNotCount() {
            Instant later = expiresAt.plusSeconds(1);
            fixture.given(registered(), loggedIn(PHONE, "rt-p"), loggedIn(LAPTOP, "rt-l"), loggedIn(TABLET, "rt-t"))
                    .andGivenCurrentTime(later)
                    .when(new LogIn(USER, PASSWORD, "watch", sid("watch"), "rt-w", nextExpiresAt))
                    .expectEvents(new DeviceLoggedIn(USER, "watch", "rt-w", later, nextExpiresAt, sid("watch")));
        }

        @Test
        void aWrongPasswordIsRejectedAsSuchEvenAtTheLimit() {
            fixture.given(registered(), loggedIn(PHONE, "rt-p"), loggedIn(LAPTOP, "rt-l"), loggedIn(TABLET, "rt-t"))
                    .when(new LogIn(USER, "wrong password", "watch", sid("watch"), "rt-w", expiresAt))
                    .expectException(rejectedWith(Rejection.INVALID_CREDENTIALS))
                    .expectNoEvents();
        }
    }

    // ---------------------------------------------------------------- listing and removing devices

    @Nested
    class Devices {

        private final Instant phoneRefreshedAt = EARLIER.plusSeconds(60);

        @Test
        void listsTheActiveDevicesMostRecentlyUsedFirst() {
            fixture.given(registered(), loggedIn(PHONE, "rt-p"), loggedIn(LAPTOP, "rt-l"), loggedIn(TABLET, "rt-t"),
                            new RefreshTokenRotated(USER, PHONE, "rt-p", "rt-p2", phoneRefreshedAt, expiresAt),
                            revoked(TABLET, DeviceSessionRevoked.Reason.LOGOUT))
                    .when(new ListDevices(USER))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents()
                    .expectResultMessagePayload(new ActiveDevices(List.of(
                            new ActiveDevices.Device(PHONE, phoneRefreshedAt),
                            new ActiveDevices.Device(LAPTOP, EARLIER))));
        }

        @Test
        void leavesOutDevicesWhoseRefreshTokenExpired() {
            fixture.given(registered(), loggedIn(PHONE, "rt-p"))
                    .andGivenCurrentTime(expiresAt)
                    .when(new ListDevices(USER))
                    .expectResultMessagePayload(new ActiveDevices(List.of()));
        }

        @Test
        void removingAnActiveDeviceRevokesItsSession() {
            fixture.given(registered(), loggedIn(PHONE, "rt-p"), loggedIn(LAPTOP, "rt-l"))
                    .when(new RemoveDevice(USER, LAPTOP))
                    .expectEvents(new DeviceSessionRevoked(USER, LAPTOP, DeviceSessionRevoked.Reason.REMOVED_BY_USER,
                            fixture.currentTime(), sid(LAPTOP)));
        }

        @Test
        void removingAnUnknownDeviceIsRejected() {
            fixture.given(registered(), loggedIn(PHONE, "rt-p"))
                    .when(new RemoveDevice(USER, LAPTOP))
                    .expectException(rejectedWith(Rejection.DEVICE_NOT_FOUND))
                    .expectNoEvents();
        }

        @Test
        void removingALoggedOutDeviceIsRejected() {
            fixture.given(registered(), loggedIn(PHONE, "rt-p"), revoked(PHONE, DeviceSessionRevoked.Reason.LOGOUT))
                    .when(new RemoveDevice(USER, PHONE))
                    .expectException(rejectedWith(Rejection.DEVICE_NOT_FOUND))
                    .expectNoEvents();
        }

        @Test
        void aRevocationNamesTheSessionOfTheLatestLogin() {
            fixture.given(registered(), loggedIn(PHONE, "rt-1"), revoked(PHONE, DeviceSessionRevoked.Reason.LOGOUT),
                            new DeviceLoggedIn(USER, PHONE, "rt-2", EARLIER, expiresAt, "phone-second-login"))
                    .when(new LogOut(USER, PHONE))
                    .expectEvents(new DeviceSessionRevoked(USER, PHONE, DeviceSessionRevoked.Reason.LOGOUT,
                            fixture.currentTime(), "phone-second-login"));
        }
    }

    // ---------------------------------------------------------------- snapshots

    @Nested
    class Snapshot {

        /** Phone: rt-1 rotated to rt-2. Laptop: logged out. */
        private Account accountWithSessions() {
            Account account = new Account();
            account.on(registered());
            account.on(loggedIn(PHONE, "rt-1"));
            account.on(rotated(PHONE, "rt-1", "rt-2"));
            account.on(loggedIn(LAPTOP, "rt-laptop"));
            account.on(revoked(LAPTOP, DeviceSessionRevoked.Reason.LOGOUT));
            return account;
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource(SnapshotSerialization.OBJECT_MAPPERS)
        void restoresEveryField(String name, ObjectMapper objectMapper) {
            Account account = accountWithSessions();

            Account restored = SnapshotSerialization.roundTrip(account, objectMapper);

            assertThat(restored).usingRecursiveComparison().withStrictTypeChecking().isEqualTo(account);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource(SnapshotSerialization.OBJECT_MAPPERS)
        void restoredAccountStillAcceptsTheCurrentRefreshToken(String name, ObjectMapper objectMapper) {
            Account restored = SnapshotSerialization.roundTrip(accountWithSessions(), objectMapper);

            fixture.givenState(() -> restored)
                    .when(refresh(PHONE, "rt-2", "rt-3"))
                    .expectEvents(new RefreshTokenRotated(USER, PHONE, "rt-2", "rt-3", fixture.currentTime(), nextExpiresAt))
                    .expectResultMessagePayload(RefreshResult.rotated(sid(PHONE)));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource(SnapshotSerialization.OBJECT_MAPPERS)
        void restoredAccountStillDetectsReuse(String name, ObjectMapper objectMapper) {
            Account restored = SnapshotSerialization.roundTrip(accountWithSessions(), objectMapper);

            fixture.givenState(() -> restored)
                    .when(refresh(PHONE, "rt-1", "rt-3"))
                    .expectEvents(new DeviceSessionRevoked(USER, PHONE, DeviceSessionRevoked.Reason.REFRESH_TOKEN_REUSED,
                            fixture.currentTime(), sid(PHONE)))
                    .expectResultMessagePayload(RefreshResult.REUSE_DETECTED);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource(SnapshotSerialization.OBJECT_MAPPERS)
        void restoredAccountStillRejectsALoggedOutDevice(String name, ObjectMapper objectMapper) {
            Account restored = SnapshotSerialization.roundTrip(accountWithSessions(), objectMapper);

            fixture.givenState(() -> restored)
                    .when(refresh(LAPTOP, "rt-laptop", "rt-3"))
                    .expectNoEvents()
                    .expectResultMessagePayload(RefreshResult.REJECTED);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource(SnapshotSerialization.OBJECT_MAPPERS)
        void restoredAccountStillChecksThePassword(String name, ObjectMapper objectMapper) {
            Account restored = SnapshotSerialization.roundTrip(accountWithSessions(), objectMapper);

            fixture.givenState(() -> restored)
                    .when(new LogIn(USER, PASSWORD, "tablet", sid("tablet"), "rt-t", expiresAt))
                    .expectEvents(new DeviceLoggedIn(USER, "tablet", "rt-t", fixture.currentTime(), expiresAt, sid("tablet")));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource(SnapshotSerialization.OBJECT_MAPPERS)
        void restoredAccountExpiresTokensAtTheSameInstant(String name, ObjectMapper objectMapper) {
            Account restored = SnapshotSerialization.roundTrip(accountWithSessions(), objectMapper);

            fixture.givenState(() -> restored)
                    .andGivenCurrentTime(expiresAt)
                    .when(refresh(PHONE, "rt-2", "rt-3"))
                    .expectNoEvents()
                    .expectResultMessagePayload(RefreshResult.REJECTED);
        }
    }

    // ---------------------------------------------------------------- helpers

    private AccountRegistered registered() {
        return new AccountRegistered(USER, USERNAME, "Alice", passwordHash, EARLIER);
    }

    private DeviceLoggedIn loggedIn(String deviceId, String refreshTokenHash) {
        return new DeviceLoggedIn(USER, deviceId, refreshTokenHash, EARLIER, expiresAt, sid(deviceId));
    }

    private RefreshTokenRotated rotated(String deviceId, String from, String to) {
        return new RefreshTokenRotated(USER, deviceId, from, to, EARLIER, expiresAt);
    }

    private DeviceSessionRevoked revoked(String deviceId, DeviceSessionRevoked.Reason reason) {
        return new DeviceSessionRevoked(USER, deviceId, reason,
                            EARLIER, sid(deviceId));
    }

    /** The session id of a device's (first) login in these tests. */
    private static String sid(String deviceId) {
        return deviceId + "-session";
    }

    private RefreshSession refresh(String deviceId, String presented, String next) {
        return new RefreshSession(USER, deviceId, presented, next, nextExpiresAt);
    }
}
