package io.parley.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The workloads of issue 22's table, each run by {@link LoadBenchmark} on a fresh server: what it runs (its sizes at
 * {@code workloadScale=100}), its target, and whether a run met it.
 */
enum Workload {

    CLOSED, OPEN, IDLE, IDLE_10K, OFFLINE, RESUME;

    static final long RSS_LIMIT_MIB = 1024;

    /** The name in {@code workloads=…}: closed, open, idle, idle10k, offline, resume. */
    String id() {
        return name().toLowerCase(Locale.ROOT).replace("_", "");
    }

    String description() {
        return switch (this) {
            case CLOSED -> "100 pairs closed loop, W=10, 1,000 each";
            case OPEN -> "200 pairs open loop 2,000/s for `seconds`";
            case IDLE -> "1,000 idle + 50 pairs closed loop, 1,000 each";
            case IDLE_10K -> "10,000 idle authenticated sockets held for `seconds`";
            case OFFLINE -> "1,000 messages to an offline user, then connect + resume";
            case RESUME -> "100 pairs: open a conversation, at once connect + resume naming it; 10 msgs each";
        };
    }

    /** Issue 22's target. */
    String target() {
        return switch (this) {
            case CLOSED -> "≥ 5,000 delivered/s, 0 lost/dup/reordered, every socket held";
            case OPEN -> "p99 ≤ 20 ms, p50 ≤ 2 ms, 0 lost/dup/reordered";
            case IDLE -> "≥ 4,000 delivered/s, every socket held";
            case IDLE_10K -> "every socket held, RSS ≤ 1 GiB";
            case OFFLINE -> "all delivered (a gap fetched over REST) ≤ 100 ms after connect";
            case RESUME -> "every resume acked, every socket held, 0 lost/dup/reordered";
        };
    }

    /** {@code all}, or ids separated by commas, in the order given. */
    static List<Workload> parse(String list) {
        if (list.trim().equalsIgnoreCase("all")) {
            return List.of(values());
        }
        List<Workload> workloads = new ArrayList<>();
        for (String id : list.split(",")) {
            String wanted = id.trim().toLowerCase(Locale.ROOT);
            workloads.add(Arrays.stream(values()).filter(w -> w.id().equals(wanted)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown workload '" + id.trim() + "' (known: all, "
                            + Arrays.stream(values()).map(Workload::id).collect(Collectors.joining(", ")) + ")")));
        }
        return workloads;
    }

    /** What one run of a workload measured; -1 (or NaN) where it does not apply. */
    record Measurement(double deliveredPerSecond, double p50Ms, double p99Ms, long sent, long delivered, long lost,
                       long duplicates, long reordered, long unanswered, long socketsHeld, long sockets, long resumesAcked,
                       long resumes, double catchUpMs, long gaps, long maxRssMiB) {

        boolean clean() {
            return lost == 0 && duplicates == 0 && reordered == 0 && unanswered == 0;
        }

        boolean everySocketHeld() {
            return sockets > 0 && socketsHeld == sockets;
        }
    }

    boolean met(Measurement m) {
        return switch (this) {
            case CLOSED -> m.deliveredPerSecond() >= 5000 && m.clean() && m.everySocketHeld();
            case OPEN -> m.p99Ms() <= 20 && m.p50Ms() <= 2 && m.clean();
            case IDLE -> m.deliveredPerSecond() >= 4000 && m.clean() && m.everySocketHeld();
            case IDLE_10K -> m.everySocketHeld() && m.maxRssMiB() >= 0 && m.maxRssMiB() <= RSS_LIMIT_MIB;
            case OFFLINE -> m.clean() && m.sent() > 0 && m.delivered() == m.sent() && m.catchUpMs() <= 100;
            case RESUME -> m.resumes() > 0 && m.resumesAcked() == m.resumes() && m.everySocketHeld() && m.clean();
        };
    }

    /** The measured figure of the table's row. */
    String figure(Measurement m) {
        String integrity = String.format(Locale.ROOT, "%d/%d/%d lost/dup/reord.", m.lost() + m.unanswered(),
                m.duplicates(), m.reordered());
        String held = String.format(Locale.ROOT, "%,d/%,d sockets held", m.socketsHeld(), m.sockets());
        return switch (this) {
            case CLOSED, IDLE -> String.format(Locale.ROOT, "%,.0f/s, %s, %s", m.deliveredPerSecond(), integrity, held);
            case OPEN -> String.format(Locale.ROOT, "p50 %.2f / p99 %.2f ms, %s", m.p50Ms(), m.p99Ms(), integrity);
            case IDLE_10K -> held;
            case OFFLINE -> String.format(Locale.ROOT, "%,d of %,d in %.0f ms, %s%s", m.delivered(), m.sent(),
                    m.catchUpMs(), integrity, m.gaps() > 0 ? ", " + m.gaps() + " gap frame(s) in the run, fetched over REST" : "");
            case RESUME -> String.format(Locale.ROOT, "%d/%d resumes acked, %s, %s", m.resumesAcked(), m.resumes(),
                    held, integrity);
        };
    }
}
