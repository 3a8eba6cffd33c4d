package io.parley.gateway.socket;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Socket limits: the largest frame a client may send, the outgoing buffer per socket (past it, or past the
 * send time limit, the socket is closed as too slow), the per-socket frame rate (frames beyond it wait, up to
 * {@code maxQueuedFrames} of them and {@code maxQueuedChars} characters, past which the socket is closed), the
 * heartbeat, the open sockets a user may have on this node, and how often sockets are checked for an expired access
 * token.
 */
@ConfigurationProperties("parley.gateway")
record GatewayProperties(@DefaultValue("65536") int maxFrameBytes, @DefaultValue("1048576") int sendBufferBytes,
                         @DefaultValue("10000") int sendTimeLimitMillis, @DefaultValue("100") int framesPerSecond,
                         @DefaultValue("200") int frameBurst, @DefaultValue("2000") int maxQueuedFrames,
                         @DefaultValue("4194304") long maxQueuedChars, @DefaultValue("25s") Duration pingEvery,
                         @DefaultValue("60s") Duration deadAfter, @DefaultValue("10") int maxSocketsPerUser,
                         @DefaultValue("1s") Duration expiryCheckEvery) {
}
