package io.parley.bench;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntConsumer;

/**
 * The bookkeeping of one phase (warm-up, closed loop, open loop): every message the driver sends is
 * (phase, sender, n), with n counting from 0 per sender. The text of the message carries the phase, the sender, n
 * and the driver's {@code System.nanoTime()} at sending, so the receiving socket can tell which message it got and
 * how long it took; acks come back with the frame id {@code phase.sender.n}.
 */
final class Phase {

    private static final int NONE = 0;
    private static final int ACKED = 1;
    private static final int FAILED = 2;

    final int index;
    final String name;
    final int senders;
    final int perSender;

    private final AtomicIntegerArray answers;
    private final AtomicIntegerArray deliveries;
    private final AtomicLongArray sentAt;

    final LongAdder sent = new LongAdder();
    final LongAdder acked = new LongAdder();
    /** Error frames (on sends of this phase, or any error frame while the phase ran). */
    final LongAdder errors = new LongAdder();
    /** Sends answered with an error frame. */
    final LongAdder failedSends = new LongAdder();
    /** Distinct messages that reached the recipient's socket. */
    final LongAdder delivered = new LongAdder();
    /** Message frames received again on a socket that already had that conversation seq (any socket). */
    final LongAdder duplicates = new LongAdder();
    /** Message frames whose conversation seq was below one already received on that socket (any socket). */
    final LongAdder outOfOrder = new LongAdder();
    /** The sender's own message coming back to the sender's socket (every device of a member gets everything). */
    final LongAdder echoes = new LongAdder();
    final Map<String, LongAdder> errorTypes = new ConcurrentHashMap<>();

    /** Send → recipient socket, µs. */
    final Histogram latency = new ConcurrentHistogram(TimeUnit.MINUTES.toMicros(10), 3);
    /** Send → ack on the sender's socket, µs. */
    final Histogram ackLatency = new ConcurrentHistogram(TimeUnit.MINUTES.toMicros(10), 3);

    final AtomicLong firstSend = new AtomicLong(Long.MAX_VALUE);
    final AtomicLong lastSend = new AtomicLong(Long.MIN_VALUE);
    final AtomicLong lastDelivery = new AtomicLong(Long.MIN_VALUE);
    final AtomicLong lastAnswer = new AtomicLong(Long.MIN_VALUE);

    /** Called with the sender index whenever one of its sends is answered (closed loop: send the next). */
    private volatile IntConsumer onAnswer = sender -> {
    };

    Phase(int index, String name, int senders, int perSender) {
        this.index = index;
        this.name = name;
        this.senders = senders;
        this.perSender = perSender;
        this.answers = new AtomicIntegerArray(senders * perSender);
        this.deliveries = new AtomicIntegerArray(senders * perSender);
        this.sentAt = new AtomicLongArray(senders * perSender);
    }

    void onAnswer(IntConsumer onAnswer) {
        this.onAnswer = onAnswer;
    }

    /** The message text: header {@code LB|phase|sender|n|nanos|} padded to {@code length}. */
    String text(int sender, int n, long nanos, int length) {
        StringBuilder text = new StringBuilder(length).append("LB|").append(index).append('|').append(sender)
                .append('|').append(n).append('|').append(nanos).append('|');
        while (text.length() < length) {
            text.append("load-");
        }
        text.setLength(length);
        return text.toString();
    }

    /** Called by the socket just before the frame goes out. */
    void sending(int sender, int n, long nanos) {
        sentAt.set(sender * perSender + n, nanos);
        sent.increment();
        firstSend.accumulateAndGet(nanos, Math::min);
        lastSend.accumulateAndGet(nanos, Math::max);
    }

    void acked(int sender, int n, long now) {
        int i = sender * perSender + n;
        if (answers.compareAndSet(i, NONE, ACKED)) {
            acked.increment();
            ackLatency.recordValue(Math.max(0, (now - sentAt.get(i)) / 1000));
            lastAnswer.accumulateAndGet(now, Math::max);
            onAnswer.accept(sender);
        }
    }

    void failed(int sender, int n, String problemType, long now) {
        errors.increment();
        errorTypes.computeIfAbsent(problemType, type -> new LongAdder()).increment();
        if (answers.compareAndSet(sender * perSender + n, NONE, FAILED)) {
            failedSends.increment();
            lastAnswer.accumulateAndGet(now, Math::max);
            onAnswer.accept(sender);
        }
    }

    /** An error frame that names none of this phase's sends. */
    void otherError(String problemType) {
        errors.increment();
        errorTypes.computeIfAbsent(problemType, type -> new LongAdder()).increment();
    }

    /** The message reached the recipient's socket; {@code sentNanos} is the timestamp from its text. */
    void delivered(int sender, int n, long sentNanos, long now) {
        if (deliveries.getAndIncrement(sender * perSender + n) == 0) {
            delivered.increment();
            latency.recordValue(Math.max(0, (now - sentNanos) / 1000));
            lastDelivery.accumulateAndGet(now, Math::max);
        }
    }

    long answered() {
        return acked.sum() + failedSends.sum();
    }

    /** Sends that got neither an ack nor an error. */
    long unanswered() {
        return sent.sum() - answered();
    }

    /** Acked messages that have not reached the recipient's socket. */
    long lost() {
        long lost = 0;
        for (int i = 0; i < answers.length(); i++) {
            if (answers.get(i) == ACKED && deliveries.get(i) == 0) {
                lost++;
            }
        }
        return lost;
    }

    /** Deliveries of messages that were never acked (the ack was lost or an error came back for a stored message). */
    long deliveredUnacked() {
        long count = 0;
        for (int i = 0; i < answers.length(); i++) {
            if (answers.get(i) != ACKED && deliveries.get(i) > 0) {
                count++;
            }
        }
        return count;
    }

    Map<String, Long> errorTypes() {
        Map<String, Long> types = new TreeMap<>();
        errorTypes.forEach((type, count) -> types.put(type, count.sum()));
        return types;
    }
}
