package io.parley.bench.distributed;

import io.parley.bench.ProcFs;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the machine's CPU went during the measured sends: each of the harness's processes (named pids), the load
 * driver itself, and the rest of the machine (PostgreSQL, which pg_ctl forks, the kernel, anything else running),
 * in cores and in milliseconds of CPU per acknowledged send; and of that, how much the JVMs' JIT compiler threads
 * took: at a few hundred requests a second a service is still compiling long after it started, and that CPU is not
 * what a send costs once warm.
 */
final class ProcessCpu {

    private static final String DRIVER = "load driver (this JVM)";

    private final Map<String, Long> pids;
    private final Map<String, Double> startSeconds = new LinkedHashMap<>();
    private final Map<String, Double> stopSeconds = new LinkedHashMap<>();
    private final Map<String, Map<Long, ProcFs.ThreadTicks>> startThreads = new LinkedHashMap<>();
    private final Map<String, Double> jitSeconds = new LinkedHashMap<>();
    private long[] startMachine;
    private long[] stopMachine;

    /** {@code processes}: {@code name:pid} pairs, comma separated (empty: only the driver and the machine). */
    ProcessCpu(String processes) {
        pids = new LinkedHashMap<>();
        for (String pair : processes.split(",")) {
            int colon = pair.lastIndexOf(':');
            if (colon > 0) {
                pids.put(pair.substring(0, colon).trim(), Long.parseLong(pair.substring(colon + 1).trim()));
            }
        }
        pids.put(DRIVER, ProcessHandle.current().pid());
    }

    void start() {
        pids.forEach((name, pid) -> {
            startSeconds.put(name, ProcFs.cpuSeconds(pid));
            startThreads.put(name, ProcFs.threads(pid));
        });
        startMachine = ProcFs.machineTicks();
    }

    void stop() {
        pids.forEach((name, pid) -> {
            stopSeconds.put(name, ProcFs.cpuSeconds(pid));
            jitSeconds.put(name, jitTicks(startThreads.get(name), ProcFs.threads(pid)) / (double) ProcFs.TICKS_PER_SECOND);
        });
        stopMachine = ProcFs.machineTicks();
    }

    void print(double wallSeconds, long sends) {
        double machineSeconds = (stopMachine[0] - startMachine[0]) / (double) ProcFs.TICKS_PER_SECOND;
        System.out.printf("CPU while measured (%d cores; per send: ms of CPU per acknowledged send):%n",
                Runtime.getRuntime().availableProcessors());
        System.out.println("| process | cores | ms per send | of which JIT compiling, ms per send |");
        System.out.println("|---|---|---|---|");
        double listed = 0;
        for (Map.Entry<String, Long> process : pids.entrySet()) {
            double before = startSeconds.get(process.getKey());
            double after = stopSeconds.get(process.getKey());
            if (before < 0 || after < 0) {
                System.out.printf("| %s | ? | ? | ? |%n", process.getKey());
                continue;
            }
            listed += after - before;
            row(process.getKey(), after - before, wallSeconds, sends);
            System.out.printf(" %.2f |%n", sends == 0 ? 0 : jitSeconds.get(process.getKey()) * 1000 / sends);
        }
        row("the rest (PostgreSQL, kernel, other processes)", Math.max(0, machineSeconds - listed), wallSeconds, sends);
        System.out.println(" |");
        row("machine", machineSeconds, wallSeconds, sends);
        System.out.println(" |");
    }

    private static void row(String name, double cpuSeconds, double wallSeconds, long sends) {
        System.out.printf("| %s | %.2f | %.2f |", name, cpuSeconds / wallSeconds, sends == 0 ? 0 : cpuSeconds * 1000 / sends);
    }

    /** CPU ticks of the JIT compiler threads between the two listings. */
    private static long jitTicks(Map<Long, ProcFs.ThreadTicks> before, Map<Long, ProcFs.ThreadTicks> after) {
        return ProcFs.ticksSince(before, after).values().stream()
                .filter(thread -> thread.name().contains("CompilerThre")).mapToLong(ProcFs.ThreadTicks::ticks).sum();
    }
}
