package io.parley.command.account;

import io.parley.api.account.UserId;
import io.parley.api.account.Username;
import io.parley.platform.auth.Caller;
import io.parley.platform.limits.ClientAddress;
import io.parley.api.problem.RejectedException;
import io.parley.api.problem.Rejection;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

/** Registration, login, token refresh, logout, and the account's devices. */
@RestController
@RequestMapping("/api/v1/auth")
class AuthController {

    private static final String DEVICE_ID_REGEX = "[A-Za-z0-9._:-]{1,64}";
    private static final String DEVICE_ID_RULE = "deviceId must be 1 to 64 characters of A-Z a-z 0-9 . _ : -";

    private final CommandGateway commands;
    private final AccountDirectory accounts;
    private final PasswordEncoder passwords;
    private final AccessTokenIssuer accessTokens;
    private final AuthProperties properties;
    private final LoginThrottle loginThrottle;
    private final Set<UserId> analysts;
    private final Set<UserId> admins;
    /** Compared against when the username is unknown, so that a miss costs as much time as a wrong password. */
    private final String decoyHash;

    AuthController(CommandGateway commands, AccountDirectory accounts, PasswordEncoder passwords,
                   AccessTokenIssuer accessTokens, AuthProperties properties, LoginThrottle loginThrottle) {
        this.commands = commands;
        this.accounts = accounts;
        this.passwords = passwords;
        this.accessTokens = accessTokens;
        this.properties = properties;
        this.loginThrottle = loginThrottle;
        this.analysts = properties.analysts().stream().map(Username::of).map(UserId::forUsername)
                .collect(Collectors.toUnmodifiableSet());
        this.admins = properties.admins().stream().map(Username::of).map(UserId::forUsername)
                .collect(Collectors.toUnmodifiableSet());
        this.decoyHash = passwords.encode("decoy password");
    }

    record RegisterRequest(@ValidUsername String username, @StrongPassword @HashablePassword String password,
                           @ValidDisplayName String displayName) {
        @Override
        public String toString() {
            return "RegisterRequest[username=" + username + "]";
        }
    }

    record Registered(String userId) {
    }

    record LoginRequest(String username, String password,
                        @NotNull(message = DEVICE_ID_RULE)
                        @Pattern(regexp = DEVICE_ID_REGEX, message = DEVICE_ID_RULE)
                        String deviceId) {
        @Override
        public String toString() {
            return "LoginRequest[username=" + username + ", deviceId=" + deviceId + "]";
        }
    }

    record RefreshRequest(String refreshToken,
                          @NotNull(message = DEVICE_ID_RULE)
                          @Pattern(regexp = DEVICE_ID_REGEX, message = DEVICE_ID_RULE)
                          String deviceId) {
        @Override
        public String toString() {
            return "RefreshRequest[deviceId=" + deviceId + "]";
        }
    }

    record Tokens(String accessToken, String refreshToken, long expiresIn, String tokenType, String userId) {
        @Override
        public String toString() {
            return "Tokens[userId=" + userId + "]";
        }
    }

    @PostMapping("/register")
    CompletableFuture<ResponseEntity<Registered>> register(@Valid @RequestBody RegisterRequest request) {
        Username username = Username.of(request.username());
        String password = request.password();
        String displayName = DisplayNames.of(request.displayName(), username);
        UserId userId = UserId.forUsername(username);
        if (accounts.exists(userId)) {
            throw usernameTaken(username);
        }
        return commands.send(new RegisterAccount(userId, username, displayName, passwords.encode(password)))
                .handle((created, failure) -> {
                    if (failure != null) {
                        Throwable cause = unwrap(failure);
                        // the event store refused a second stream for this id: someone registered it just now
                        throw cause instanceof AggregateStreamCreationException || cause instanceof ConcurrencyException
                                ? usernameTaken(username)
                                : new CompletionException(failure);
                    }
                    return ResponseEntity.status(HttpStatus.CREATED).body(new Registered(userId.value()));
                });
    }

    @PostMapping("/login")
    CompletableFuture<Tokens> login(@Valid @RequestBody LoginRequest request, HttpServletRequest http) {
        String deviceId = request.deviceId();
        String address = ClientAddress.of(http);
        Optional<Username> name = validUsername(request.username());
        loginThrottle.admit(name, address);
        if (name.isEmpty()) {
            passwords.matches(String.valueOf(request.password()), decoyHash);
            loginThrottle.failed(name, address);
            throw Rejection.INVALID_CREDENTIALS.exception("Invalid username or password");
        }
        Username username = name.get();
        String password = request.password() == null ? "" : request.password();
        UserId userId = UserId.forUsername(username);
        String refreshToken = RefreshTokens.newToken(userId);
        String sessionId = UUID.randomUUID().toString();
        return commands.send(new LogIn(userId, password, deviceId, sessionId, RefreshTokens.hash(refreshToken),
                        refreshExpiry()))
                .handle((done, failure) -> {
                    if (failure != null) {
                        boolean unknownUser = unwrap(failure) instanceof AggregateNotFoundException;
                        if (unknownUser) {
                            passwords.matches(password, decoyHash);
                        }
                        if (unknownUser || RejectedException.from(failure).map(RejectedException::rejection)
                                .filter(Rejection.INVALID_CREDENTIALS::equals).isPresent()) {
                            loginThrottle.failed(name, address);
                            throw Rejection.INVALID_CREDENTIALS.exception("Invalid username or password");
                        }
                        throw new CompletionException(failure);
                    }
                    loginThrottle.succeeded(username, address);
                    return tokens(userId, deviceId, sessionId, refreshToken);
                });
    }

    @PostMapping("/refresh")
    CompletableFuture<Tokens> refresh(@Valid @RequestBody RefreshRequest request) {
        String deviceId = request.deviceId();
        UserId userId = RefreshTokens.ownerOf(request.refreshToken())
                .orElseThrow(() -> invalidRefreshToken());
        String newToken = RefreshTokens.newToken(userId);
        RefreshSession command = new RefreshSession(userId, deviceId, RefreshTokens.hash(request.refreshToken()),
                RefreshTokens.hash(newToken), refreshExpiry());
        return commands.<RefreshResult>send(command)
                .handle((result, failure) -> {
                    if (failure != null && !(unwrap(failure) instanceof AggregateNotFoundException)) {
                        throw new CompletionException(failure);
                    }
                    if (result == null || result.outcome() != RefreshOutcome.ROTATED) {
                        throw invalidRefreshToken();
                    }
                    return tokens(userId, deviceId, result.sessionId(), newToken);
                });
    }

    @PostMapping("/logout")
    CompletableFuture<ResponseEntity<Void>> logout(@RequestAttribute(Caller.REQUEST_ATTRIBUTE) Caller caller) {
        return commands.send(new LogOut(caller.userId(), caller.deviceId()))
                .thenApply(done -> ResponseEntity.noContent().build());
    }

    /** The account's logged-in devices, {@code current} marking the caller's. */
    @GetMapping("/devices")
    CompletableFuture<List<DeviceView>> devices(@RequestAttribute(Caller.REQUEST_ATTRIBUTE) Caller caller) {
        return commands.<ActiveDevices>send(new ListDevices(caller.userId()))
                .thenApply(active -> active.devices().stream()
                        .map(device -> new DeviceView(device.deviceId(), device.lastUsedAt(),
                                device.deviceId().equals(caller.deviceId())))
                        .toList());
    }

    /** Logs a device of the caller's account out, as logging out on it would: its tokens and sockets stop working. */
    @DeleteMapping("/devices/{deviceId}")
    CompletableFuture<ResponseEntity<Void>> removeDevice(@RequestAttribute(Caller.REQUEST_ATTRIBUTE) Caller caller,
                                                         @PathVariable
                                                         @Pattern(regexp = DEVICE_ID_REGEX, message = DEVICE_ID_RULE)
                                                         String deviceId) {
        return commands.send(new RemoveDevice(caller.userId(), deviceId))
                .thenApply(done -> ResponseEntity.noContent().build());
    }

    record DeviceView(String deviceId, Instant lastUsedAt, boolean current) {
    }

    private Tokens tokens(UserId userId, String deviceId, String sessionId, String refreshToken) {
        Set<String> roles = new HashSet<>();
        if (analysts.contains(userId)) {
            roles.add("analyst");
        }
        if (admins.contains(userId)) {
            roles.add("admin");
        }
        return new Tokens(accessTokens.issue(userId, deviceId, sessionId, roles), refreshToken, accessTokens.ttl().toSeconds(),
                "Bearer", userId.value());
    }

    private Instant refreshExpiry() {
        return Instant.now().plus(properties.refreshTokenTtl());
    }

    private static RejectedException usernameTaken(Username username) {
        return Rejection.USERNAME_TAKEN.exception("The username " + username + " is taken");
    }

    private static RejectedException invalidRefreshToken() {
        return Rejection.INVALID_REFRESH_TOKEN.exception("The refresh token is invalid, expired or revoked");
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    private static Optional<Username> validUsername(String raw) {
        try {
            return Optional.of(Username.of(raw));
        } catch (IllegalArgumentException invalid) {
            return Optional.empty();
        }
    }
}
