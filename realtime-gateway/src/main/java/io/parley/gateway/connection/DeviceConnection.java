package io.parley.gateway.connection;

import io.micrometer.core.instrument.Counter;
import io.parley.platform.auth.Caller;
import io.parley.platform.auth.VerifiedAccessToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.SessionLimitExceededException;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * One device's socket. Outgoing frames queue in a bounded buffer: a device that cannot keep up is closed
 * (it recovers with {@code resume}) instead of slowing delivery to anyone else. Messages go through a
 * per-conversation {@link ConversationStream} so that none is sent twice or out of seq order.
 */
public final class DeviceConnection {

    /** Closed because the device could not keep up with its frames. */
    public static final CloseStatus TOO_SLOW = new CloseStatus(4008, "too slow: resume to catch up");
    /** Closed because the device's session was revoked (logout, refresh-token reuse, removed by the user). */
    public static final CloseStatus SESSION_REVOKED = new CloseStatus(4401, "session revoked");
    /** Closed because the access token expired and no {@code auth} frame brought a fresh one. */
    public static final CloseStatus TOKEN_EXPIRED = new CloseStatus(4440, "access token expired");
    /** Closed at once: the user already has as many open sockets as allowed. */
    public static final CloseStatus TOO_MANY_SOCKETS = new CloseStatus(4429, "too many open sockets");

    private static final Logger log = LoggerFactory.getLogger(DeviceConnection.class);

    private final Caller caller;
    private final ConcurrentWebSocketSessionDecorator session;
    private final long sendTimeLimitNanos;
    private final Map<String, ConversationStream> streams = new ConcurrentHashMap<>();
    private final Counter drops;
    /** The access token the socket currently rests on: the handshake's, then each accepted {@code auth} frame's. */
    private volatile VerifiedAccessToken token;
    private volatile long lastHeardMillis = System.currentTimeMillis();
    /** Until the device's first {@code resume}, messages are held so that catch-up can put them in order. */
    private volatile boolean resumed;

    public DeviceConnection(VerifiedAccessToken token, WebSocketSession session, int sendTimeLimitMillis,
                     int bufferSizeLimitBytes, Counter drops) {
        this.caller = token.caller();
        this.token = token;
        this.session = new ConcurrentWebSocketSessionDecorator(session, sendTimeLimitMillis, bufferSizeLimitBytes,
                ConcurrentWebSocketSessionDecorator.OverflowStrategy.TERMINATE);
        this.sendTimeLimitNanos = TimeUnit.MILLISECONDS.toNanos(sendTimeLimitMillis);
        this.drops = drops;
    }

    public Caller caller() {
        return caller;
    }

    public VerifiedAccessToken token() {
        return token;
    }

    /** A fresh token of the same user and device replaces the current one (and its expiry). */
    public void reauthenticated(VerifiedAccessToken fresh) {
        if (!fresh.caller().userId().equals(caller.userId()) || !fresh.caller().deviceId().equals(caller.deviceId())) {
            throw new IllegalArgumentException("a socket stays with its user and device");
        }
        token = fresh;
    }

    public String id() {
        return session.getId();
    }

    public boolean isOpen() {
        return session.isOpen();
    }

    /** Sends a frame that is not a conversation message (acks, receipts, typing, presence…). */
    public void send(TextMessage frame) {
        try {
            session.sendMessage(frame);
        } catch (IOException | RuntimeException failed) {
            // the decorator closes a socket whose buffer overflowed; anything else is a dead socket too
            if (failed instanceof SessionLimitExceededException) {
                drops.increment();
            }
            log.debug("Dropping socket {} of {}: {}", id(), caller.userId(), failed.toString());
            close(TOO_SLOW);
        }
    }

    /** Sends a conversation's message in seq order, exactly once, whether live or during catch-up. */
    public void deliver(String conversationId, long seq, TextMessage frame) {
        stream(conversationId).offer(seq, frame, this::send);
    }

    public ConversationStream stream(String conversationId) {
        return streams.computeIfAbsent(conversationId, id -> new ConversationStream(!resumed));
    }

    /** After the first resume: conversations the device did not ask about go live from what was held. */
    public void resumed() {
        resumed = true;
        streams.values().forEach(stream -> stream.goLive(this::send));
    }

    public void forget(String conversationId) {
        streams.remove(conversationId);
    }

    public void ping() {
        try {
            session.sendMessage(new PingMessage());
        } catch (IOException | RuntimeException failed) {
            close(TOO_SLOW);
        }
    }

    public void heard() {
        lastHeardMillis = System.currentTimeMillis();
    }

    public long lastHeardMillis() {
        return lastHeardMillis;
    }

    /**
     * Sends a last frame, then closes. When another thread is flushing the socket, the frame waits in the buffer for
     * that thread to send it, and a close before then would drop it: so the close waits, at most the send time limit.
     */
    public void closeAfter(TextMessage lastFrame, CloseStatus status) {
        send(lastFrame);
        long deadline = System.nanoTime() + sendTimeLimitNanos;
        while (session.getBufferSize() > 0 && session.isOpen() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        close(status);
    }

    public void close(CloseStatus status) {
        try {
            session.close(status);
        } catch (IOException | RuntimeException alreadyGone) {
            log.debug("Socket {} already gone", id());
        }
    }

    /** Per-conversation ordering for one socket; {@code Consumer} sends. */
    public static final class ConversationStream {

        private final TreeMap<Long, TextMessage> held = new TreeMap<>();
        /** The last seq sent on this socket; -1 until one is. */
        private long delivered = -1;
        private boolean catchingUp;
        private boolean waitingForResume;

        ConversationStream(boolean waitingForResume) {
            this.waitingForResume = waitingForResume;
        }

        synchronized void offer(long seq, TextMessage frame, Consumer<TextMessage> send) {
            if (catchingUp || waitingForResume) {
                held.put(seq, frame);
            } else if (delivered < 0 || seq == delivered + 1) {
                delivered = seq;
                send.accept(frame);
            } else if (seq > delivered + 1) {
                // a gap can only follow a resume whose catch-up finished before the history had these seqs
                held.put(seq, frame);
            }
        }

        /** Live messages are held from now on; the catch-up delivers from {@code lastSeen + 1}. */
        public synchronized void startCatchUp(long lastSeen) {
            catchingUp = true;
            waitingForResume = false;
            delivered = Math.max(delivered, lastSeen);
        }

        synchronized void goLive(Consumer<TextMessage> send) {
            if (!waitingForResume) {
                return;
            }
            waitingForResume = false;
            if (!held.isEmpty() && delivered < 0) {
                delivered = held.firstKey() - 1;
            }
            finishCatchUp(send);
        }

        /** Catch-up goes on after {@code seq}: what the device has not seen up to there is left to REST history. */
        public synchronized void skipTo(long seq) {
            delivered = Math.max(delivered, seq);
        }

        public synchronized long delivered() {
            return delivered;
        }

        /** Delivers one message fetched from history; older ones and duplicates are skipped. */
        public synchronized boolean deliverFromHistory(long seq, TextMessage frame, Consumer<TextMessage> send) {
            if (seq != delivered + 1) {
                return seq <= delivered;
            }
            delivered = seq;
            send.accept(frame);
            return true;
        }

        /** Sends the held messages that follow on from the last one sent, still catching up. */
        public synchronized void deliverHeldInOrder(Consumer<TextMessage> send) {
            while (!held.isEmpty() && held.firstKey() <= delivered + 1) {
                Map.Entry<Long, TextMessage> next = held.pollFirstEntry();
                if (next.getKey() == delivered + 1) {
                    delivered = next.getKey();
                    send.accept(next.getValue());
                }
            }
        }

        /**
         * Hands over to live delivery once everything held can follow without a gap. Returns the first missing
         * seq when held messages start past a gap (the history has not caught up yet), or -1 when live again.
         */
        public synchronized long finishCatchUp(Consumer<TextMessage> send) {
            while (!held.isEmpty()) {
                long next = held.firstKey();
                if (next <= delivered) {
                    held.pollFirstEntry();
                } else if (next == delivered + 1) {
                    delivered = next;
                    send.accept(held.pollFirstEntry().getValue());
                } else {
                    return delivered + 1;
                }
            }
            catchingUp = false;
            return -1;
        }
    }
}
