package io.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * One user's device on {@code /ws}. Outgoing frames go through a queue that keeps one {@code sendText} at a time (as
 * {@link WebSocket} requires) and paces the socket below the server's per-socket frame limit. Incoming frames are
 * checked and counted as they arrive: acks and errors are matched to the send they answer, message frames are checked
 * for duplicates and order per conversation on this socket and, on the recipient's socket, timed from the timestamp
 * in their text.
 */
final class Device implements WebSocket.Listener {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What all devices of a run share: the phases (by index), the frame counters and the pacing timer. */
    static final class Traffic {
        final List<Phase> phases = new CopyOnWriteArrayList<>();
        final Map<String, LongAdder> framesByType = new ConcurrentHashMap<>();
        final Map<Integer, LongAdder> closeCodes = new ConcurrentHashMap<>();
        final LongAdder pacedSends = new LongAdder();
        final LongAdder sendFailures = new LongAdder();
        final LongAdder unparsable = new LongAdder();
        final ScheduledExecutorService timer;
        final int socketRate;
        final int textLength;
        volatile Phase current;

        Traffic(ScheduledExecutorService timer, int socketRate, int textLength) {
            this.timer = timer;
            this.socketRate = socketRate;
            this.textLength = textLength;
        }

        Phase newPhase(String name, int senders, int perSender) {
            Phase phase = new Phase(phases.size(), name, senders, perSender);
            phases.add(phase);
            current = phase;
            return phase;
        }
    }

    /** Per conversation on this socket: the seqs received and the highest one. */
    private static final class Seen {
        final BitSet seqs = new BitSet();
        long max;
    }

    /** A {@code gap} frame of a {@code resume}: seqs {@code fromSeq}..{@code toSeq} are to be fetched over REST. */
    record Gap(String conversationId, long fromSeq, long toSeq) {
    }

    final int index;
    final String userId;
    final boolean idle;
    private final Traffic traffic;
    private WebSocket socket;

    private final CompletableFuture<Void> resumed = new CompletableFuture<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private final Map<String, Seen> seen = new HashMap<>();
    final LongAdder framesReceived = new LongAdder();
    final List<Gap> gaps = new CopyOnWriteArrayList<>();
    /** When the catch-up's steps reached this socket (nanoTime, 0 until they did): the offline workload's breakdown. */
    volatile long openedAt;
    volatile long firstGapAt;
    volatile long firstStreamedAt;
    volatile long lastStreamedAt;
    volatile long resumeAckedAt;
    /** Messages held by this device (streamed or fetched, each seq once) and when the last of them came. */
    final LongAdder held = new LongAdder();
    final LongAdder streamed = new LongAdder();
    /** Completes on the first {@code gap} frame or the resume's ack, whichever comes first: time to fetch the gap. */
    final CompletableFuture<Void> gapOrResumed = new CompletableFuture<>();
    volatile long lastHeldAt;

    // outbox, guarded by this
    private final ArrayDeque<Outgoing> queue = new ArrayDeque<>();
    private boolean sending;
    private boolean waitingForToken;
    private final double tokensPerNano;
    private final double burst;
    private double tokens;
    private long lastRefill = System.nanoTime();

    /** A frame rendered when it actually goes out, so a timestamp in it is the moment of sending. */
    @FunctionalInterface
    interface Outgoing {
        String render(long now);
    }

    Device(int index, String userId, boolean idle, Traffic traffic) {
        this.index = index;
        this.userId = userId;
        this.idle = idle;
        this.traffic = traffic;
        this.tokensPerNano = traffic.socketRate / 1e9;
        this.burst = Math.max(1, Math.min(traffic.socketRate, 20));
        this.tokens = burst;
    }

    CompletableFuture<WebSocket> connect(HttpClient http, String wsBase, String accessToken) {
        return http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30))
                .buildAsync(URI.create(wsBase + "/ws?access_token=" + accessToken), this)
                .thenApply(ws -> socket = ws);
    }

    /** {@code resume} with no positions; completes on its ack. */
    CompletableFuture<Void> resume() {
        return resume(Map.of());
    }

    /** {@code resume} naming these conversations with the last seq seen; completes on its ack. */
    CompletableFuture<Void> resume(Map<String, Long> positions) {
        String named = positions.entrySet().stream().map(p -> "\"" + p.getKey() + "\":" + p.getValue())
                .collect(Collectors.joining(","));
        enqueue(now -> "{\"type\":\"resume\",\"id\":\"r\",\"positions\":{" + named + "}}");
        return resumed;
    }

    /** Whether the {@code resume} was acknowledged (not refused, not cut off by a close). */
    boolean resumeAcked() {
        return resumed.isDone() && !resumed.isCompletedExceptionally();
    }

    /** Stamp for {@link #send}: the moment the frame actually goes out. */
    static final long AT_SENDING = Long.MIN_VALUE;

    /**
     * Queues message {@code n} of this sender in {@code phase}, stamped with {@code scheduledNanos} (open loop: the
     * time it was due, so that a late send counts as late) or, with {@link #AT_SENDING}, the moment it goes out.
     */
    void send(Phase phase, String conversationId, int n, long scheduledNanos) {
        enqueue(now -> {
            long stamp = scheduledNanos != AT_SENDING ? scheduledNanos : now;
            phase.sending(index, n, stamp);
            return "{\"type\":\"send\",\"id\":\"" + phase.index + "." + index + "." + n
                    + "\",\"conversationId\":\"" + conversationId + "\",\"clientMessageId\":\"lb-" + phase.index + "-" + n
                    + "\",\"text\":\"" + phase.text(index, n, stamp, traffic.textLength) + "\"}";
        });
    }

    boolean isOpen() {
        return socket != null && !socket.isOutputClosed() && !closed.isDone();
    }

    CompletableFuture<?> close() {
        if (socket == null || closed.isDone()) {
            return CompletableFuture.completedFuture(null);
        }
        return socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").exceptionally(e -> null);
    }

    void abort() {
        if (socket != null) {
            socket.abort();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // outgoing: one sendText at a time, at most socketRate frames a second

    private void enqueue(Outgoing frame) {
        synchronized (this) {
            queue.add(frame);
        }
        pump();
    }

    private void pump() {
        Outgoing next;
        synchronized (this) {
            if (sending || waitingForToken || queue.isEmpty() || socket == null) {
                return;
            }
            long now = System.nanoTime();
            tokens = Math.min(burst, tokens + (now - lastRefill) * tokensPerNano);
            lastRefill = now;
            if (tokens < 1) {
                waitingForToken = true;
                traffic.pacedSends.increment();
                long wait = (long) Math.ceil((1 - tokens) / tokensPerNano);
                traffic.timer.schedule(() -> {
                    synchronized (this) {
                        waitingForToken = false;
                    }
                    pump();
                }, wait, TimeUnit.NANOSECONDS);
                return;
            }
            tokens -= 1;
            sending = true;
            next = queue.poll();
        }
        String text = next.render(System.nanoTime());
        CompletableFuture<WebSocket> sent;
        try {
            sent = socket.sendText(text, true);
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        sent.whenComplete((ws, failure) -> {
            if (failure != null) {
                traffic.sendFailures.increment();
            }
            synchronized (this) {
                sending = false;
            }
            pump();
        });
    }

    // ---------------------------------------------------------------------------------------------------------------
    // incoming

    @Override
    public void onOpen(WebSocket webSocket) {
        openedAt = System.nanoTime();
        webSocket.request(Long.MAX_VALUE);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        long now = System.nanoTime();
        if (!last) {
            partial.append(data);
            return null;
        }
        String text;
        if (partial.length() > 0) {
            text = partial.append(data).toString();
            partial.setLength(0);
        } else {
            text = data.toString();
        }
        framesReceived.increment();
        try {
            handle(JSON.readTree(text), now);
        } catch (IOException | RuntimeException e) {
            traffic.unparsable.increment();
        }
        return null;
    }

    private void handle(JsonNode frame, long now) {
        String type = frame.path("type").asText("?");
        traffic.framesByType.computeIfAbsent(type, t -> new LongAdder()).increment();
        switch (type) {
            case "message" -> message(frame, now, true);
            case "gap" -> {
                if (firstGapAt == 0) {
                    firstGapAt = now;
                }
                gaps.add(new Gap(frame.path("conversationId").asText(), frame.path("fromSeq").asLong(),
                        frame.path("toSeq").asLong()));
                gapOrResumed.complete(null);
            }
            case "ack" -> {
                String id = frame.path("id").asText("");
                if ("r".equals(id)) {
                    resumeAckedAt = now;
                    resumed.complete(null);
                    gapOrResumed.complete(null);
                } else {
                    int[] ref = parseId(id);
                    if (ref != null) {
                        traffic.phases.get(ref[0]).acked(ref[1], ref[2], now);
                    }
                }
            }
            case "error" -> {
                String problem = frame.path("problemType").asText("?") + " (" + frame.path("status").asInt() + ")";
                int[] ref = parseId(frame.path("id").asText(""));
                if (ref != null) {
                    traffic.phases.get(ref[0]).failed(ref[1], ref[2], problem, now);
                } else {
                    Phase current = traffic.current;
                    if (current != null) {
                        current.otherError(problem);
                    }
                    if ("r".equals(frame.path("id").asText(""))) {
                        resumed.completeExceptionally(new IllegalStateException("resume refused: " + frame));
                    }
                }
            }
            default -> {
                // conversation, presence, receipt, pong: counted by type only
            }
        }
    }

    /**
     * A message of a history page fetched over REST for a {@link Gap}: counted as delivered like one from the socket
     * (once), without the socket's order check, since the gap is fetched after the newer messages were streamed.
     */
    void fetched(JsonNode message, long now) {
        message(message, now, false);
    }

    private synchronized void message(JsonNode frame, long now, boolean streamed) {
        String conversation = frame.path("conversationId").asText();
        long seq = frame.path("seq").asLong();
        String text = frame.path("text").asText("");
        // header LB|phase|sender|n|nanos|
        String[] f = text.split("\\|", 6);
        Phase phase = null;
        int sender = -1;
        int n = -1;
        long sentNanos = 0;
        if (f.length == 6 && "LB".equals(f[0])) {
            phase = traffic.phases.get(Integer.parseInt(f[1]));
            sender = Integer.parseInt(f[2]);
            n = Integer.parseInt(f[3]);
            sentNanos = Long.parseLong(f[4]);
        }
        Phase blame = phase != null ? phase : traffic.current;
        Seen s = seen.computeIfAbsent(conversation, c -> new Seen());
        if (seq > 0 && seq <= Integer.MAX_VALUE && s.seqs.get((int) seq)) {
            if (blame != null) {
                blame.duplicates.increment();
            }
            return;
        }
        if (seq > 0 && seq <= Integer.MAX_VALUE) {
            s.seqs.set((int) seq);
        }
        held.increment();
        lastHeldAt = Math.max(lastHeldAt, now);
        if (streamed) {
            this.streamed.increment();
            if (firstStreamedAt == 0) {
                firstStreamedAt = now;
            }
            lastStreamedAt = now;
        }
        if (streamed && seq < s.max && blame != null) {
            blame.outOfOrder.increment();
        }
        s.max = Math.max(s.max, seq);
        if (phase == null) {
            return;
        }
        if (userId.equals(frame.path("senderId").asText())) {
            phase.echoes.increment();
        } else {
            phase.delivered(sender, n, sentNanos, now);
        }
    }

    /** {@code phase.sender.n} → {phase, sender, n}, or null. */
    private int[] parseId(String id) {
        int a = id.indexOf('.');
        int b = id.indexOf('.', a + 1);
        if (a < 1 || b < 0) {
            return null;
        }
        try {
            int phase = Integer.parseInt(id.substring(0, a));
            if (phase < 0 || phase >= traffic.phases.size()) {
                return null;
            }
            return new int[]{phase, Integer.parseInt(id.substring(a + 1, b)), Integer.parseInt(id.substring(b + 1))};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        if (closed.complete(statusCode)) {
            traffic.closeCodes.computeIfAbsent(statusCode, c -> new LongAdder()).increment();
        }
        resumed.completeExceptionally(new IllegalStateException("closed " + statusCode + " " + reason));
        gapOrResumed.completeExceptionally(new IllegalStateException("closed " + statusCode + " " + reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        if (closed.complete(-1)) {
            traffic.closeCodes.computeIfAbsent(-1, c -> new LongAdder()).increment();
        }
        resumed.completeExceptionally(error);
        gapOrResumed.completeExceptionally(error);
    }
}
