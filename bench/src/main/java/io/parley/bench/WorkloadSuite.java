package io.parley.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Issue 22's workloads ({@code workloads=all} or some of them), one after the other, each by its own
 * {@link LoadBenchmark} on a fresh server (its own data directory and JVM, so that none inherits another's stored
 * messages, sockets or heap), each printing its full report; then one table: per workload the measured figure, the
 * target, MET/MISSED and the server's max RSS.
 */
final class WorkloadSuite implements BenchmarkRun.Benchmark {

    private static final PrintStream OUT = System.out;

    private final LoadParams params;
    private final List<Row> rows = new ArrayList<>();
    private volatile LoadBenchmark current;

    private record Row(Workload workload, Workload.Measurement measured, String notRun) {
    }

    WorkloadSuite(LoadParams params) {
        this.params = params;
    }

    @Override
    public void run() {
        for (Workload workload : params.workloadList()) {
            LoadParams sized = params.forWorkload(workload);
            String tooFewFiles = tooFewOpenFiles(sized);
            if (tooFewFiles != null) {
                OUT.printf(Locale.ROOT, "%n=== workload %s NOT RUN: %s ===%n", workload.id(), tooFewFiles);
                rows.add(new Row(workload, null, "NOT RUN: open-files limit too low (see above)"));
                continue;
            }
            OUT.printf(Locale.ROOT, "%n=== workload %s ===%n", workload.id());
            try {
                current = new LoadBenchmark(sized, Files.createTempDirectory("parley-load-bench-"));
                rows.add(new Row(workload, current.run(workload), null));
            } catch (Exception e) {
                OUT.flush();
                System.err.println("workload " + workload.id() + " FAILED: " + e);
                e.printStackTrace();
                String context = current == null ? "" : current.failureContext();
                if (!context.isEmpty()) {
                    System.err.println(context);
                }
                rows.add(new Row(workload, null, "FAILED: " + e.getMessage()));
            } finally {
                close();
            }
        }
        printTable();
    }

    /** Null, or why the open-files limit is too low for the workload's sockets (the child inherits the driver's). */
    private static String tooFewOpenFiles(LoadParams sized) {
        long needed = LoadBenchmark.openFilesNeeded(sized);
        long[] limit = ProcFs.openFilesLimit(ProcessHandle.current().pid());
        if (limit[0] < 0 || limit[0] >= needed) {
            return null;
        }
        return String.format(Locale.ROOT, "%,d sockets need an open-files limit of at least %d in the driver and in "
                        + "the server, the limit is %d (hard limit %s): run `ulimit -n %d` in the shell first%s",
                sized.senders() + sized.idle(), needed, limit[0], limit[1] == Long.MAX_VALUE ? "unlimited" : limit[1],
                needed, limit[1] < needed ? " (above the hard limit: raise it in /etc/security/limits.conf or "
                        + "systemd's LimitNOFILE)" : "");
    }

    private void printTable() {
        OUT.println();
        OUT.printf(Locale.ROOT, "WORKLOADS (issue 22; workloadScale=%d%%, sizes at 100%% in the descriptions)%n",
                params.workloadScale());
        OUT.printf(Locale.ROOT, "| %-8s | %-64s | %-62s | %-6s | %-12s |%n", "workload", "measured", "target", "result", "RSS max MiB");
        OUT.printf(Locale.ROOT, "|%s|%s|%s|%s|%s|%n", "-".repeat(10), "-".repeat(66), "-".repeat(64), "-".repeat(8),
                "-".repeat(14));
        long maxRss = -1;
        boolean allMeasured = true;
        for (Row row : rows) {
            if (row.measured() == null) {
                allMeasured = false;
                OUT.printf(Locale.ROOT, "| %-8s | %-64s | %-62s | %-6s | %12s |%n", row.workload().id(), row.notRun(),
                        row.workload().target(), "-", "-");
                continue;
            }
            Workload.Measurement m = row.measured();
            maxRss = Math.max(maxRss, m.maxRssMiB());
            allMeasured &= m.maxRssMiB() >= 0;
            OUT.printf(Locale.ROOT, "| %-8s | %-64s | %-62s | %-6s | %,12d |%n", row.workload().id(),
                    row.workload().figure(m), row.workload().target(), row.workload().met(m) ? "MET" : "MISSED",
                    m.maxRssMiB());
        }
        OUT.printf(Locale.ROOT, "Server RSS during all of the above <= %,d MiB: max %s MiB  %s%n", Workload.RSS_LIMIT_MIB,
                maxRss < 0 ? "-" : String.format(Locale.ROOT, "%,d", maxRss), maxRss < 0 ? "n/a" : maxRss <= Workload.RSS_LIMIT_MIB ? (allMeasured ? "MET" : "MET so far")
                        : "MISSED");
        for (Workload workload : params.workloadList()) {
            OUT.printf(Locale.ROOT, "  %-8s %s%n", workload.id(), workload.description());
        }
    }

    @Override
    public void close() {
        LoadBenchmark running = current;
        if (running != null) {
            running.close();
            current = null;
        }
    }

    @Override
    public String failureContext() {
        LoadBenchmark running = current;
        return running == null ? "" : running.failureContext();
    }
}
