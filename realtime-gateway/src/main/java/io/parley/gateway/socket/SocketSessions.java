package io.parley.gateway.socket;

import io.parley.api.account.DeviceSessionRevoked;
import io.parley.platform.auth.AccessTokenVerifier;
import io.parley.platform.auth.SessionRevocations;
import io.parley.platform.auth.VerifiedAccessToken;
import io.parley.api.problem.Rejection;
import io.parley.gateway.connection.ConnectionRegistry;
import io.parley.gateway.connection.DeviceConnection;
import io.parley.gateway.connection.FrameWriter;
import io.parley.gateway.frame.ClientFrame;
import io.parley.gateway.frame.ServerFrame;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * Keeps every socket on a live access token: a socket whose session is revoked is closed at once
 * ({@link DeviceConnection#SESSION_REVOKED}), one whose token expires is closed at expiry
 * ({@link DeviceConnection#TOKEN_EXPIRED}) unless the device sent an {@code auth} frame with a fresh token of the same
 * user and device.
 */
@Component
class SocketSessions {

    private final ConnectionRegistry registry;
    private final SessionRevocations revocations;
    private final AccessTokenVerifier verifier;
    private final FrameWriter frames;

    SocketSessions(ConnectionRegistry registry, SessionRevocations revocations, AccessTokenVerifier verifier,
                   FrameWriter frames) {
        this.registry = registry;
        this.revocations = revocations;
        this.verifier = verifier;
        this.frames = frames;
        revocations.onRevocation(this::revoked);
    }

    /** A socket registered just as its session was revoked may have missed the revocation: look again. */
    void registered(DeviceConnection connection) {
        if (revocations.isRevoked(connection.token())) {
            connection.close(DeviceConnection.SESSION_REVOKED);
        }
    }

    /** {@code {"type":"auth","id":…,"accessToken":…}}: the socket goes on with the fresh token's expiry. */
    void authenticate(DeviceConnection connection, ClientFrame frame) {
        VerifiedAccessToken fresh = verifier.verifyToken(frame.text("accessToken"))
                .orElseThrow(() -> Rejection.UNAUTHENTICATED.exception("The access token is invalid, expired or revoked"));
        if (!fresh.caller().userId().equals(connection.caller().userId())
                || !fresh.caller().deviceId().equals(connection.caller().deviceId())) {
            throw Rejection.UNAUTHENTICATED.exception("The access token is for another user or device than this socket's");
        }
        connection.reauthenticated(fresh);
        connection.send(frames.write(ServerFrame.Ack.of(frame.id())));
    }

    private void revoked(DeviceSessionRevoked event) {
        for (DeviceConnection connection : registry.of(event.userId())) {
            if (SessionRevocations.concerns(event, connection.token())) {
                connection.close(DeviceConnection.SESSION_REVOKED);
            }
        }
    }

    @Scheduled(fixedRateString = "${parley.gateway.expiry-check-every:1s}")
    void closeExpired() {
        Instant now = Instant.now();
        for (DeviceConnection connection : registry.all()) {
            if (!connection.token().expiresAt().isAfter(now)) {
                connection.close(DeviceConnection.TOKEN_EXPIRED);
            }
        }
    }
}
