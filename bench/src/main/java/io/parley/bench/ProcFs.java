package io.parley.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** What Linux's {@code /proc} says about a process and the machine. Every reader returns -1 / empty when it cannot. */
public final class ProcFs {

    /** Clock ticks per second of the utime/stime fields ({@code getconf CLK_TCK}; 100 on every common kernel). */
    public static final long TICKS_PER_SECOND = clockTicks();

    private ProcFs() {
    }

    /** CPU seconds (user + system) the process has used so far. */
    public static double cpuSeconds(long pid) {
        long ticks = cpuTicks(Path.of("/proc/" + pid + "/stat"));
        return ticks < 0 ? -1 : ticks / (double) TICKS_PER_SECOND;
    }

    /** A field of {@code /proc/<pid>/status} in KiB (VmRSS, VmHWM) or as a count (Threads); -1 if unreadable. */
    static long status(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /**
     * The process's proportional set size in KiB ({@code Pss} of {@code /proc/<pid>/smaps_rollup}), -1 if unreadable.
     * Unlike RSS it counts a page once however often the process maps it: ZGC maps its heap three times, and RSS then
     * counts a heap page up to three times. Reading it walks the page tables (tens of ms for a 4 GiB heap): not for
     * frequent sampling.
     */
    static long pssKiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/smaps_rollup"))) {
                if (line.startsWith("Pss:")) {
                    return Long.parseLong(line.substring(4).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /**
     * The soft and hard limits of open files of the process ({@code Max open files} of {@code /proc/<pid>/limits};
     * "unlimited" as {@link Long#MAX_VALUE}), or {-1, -1} if unreadable.
     */
    static long[] openFilesLimit(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/limits"))) {
                if (line.startsWith("Max open files")) {
                    String[] fields = line.substring("Max open files".length()).trim().split("\\s+");
                    return new long[]{limit(fields[0]), limit(fields[1])};
                }
            }
        } catch (IOException | RuntimeException e) {
            return new long[]{-1, -1};
        }
        return new long[]{-1, -1};
    }

    private static long limit(String value) {
        return value.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(value);
    }

    /** Per thread of the process: tid → (name from {@code comm}, CPU ticks so far). */
    public static Map<Long, ThreadTicks> threads(long pid) {
        Map<Long, ThreadTicks> threads = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    threads.put(Long.parseLong(task.getFileName().toString()), new ThreadTicks(name, ticksOf(stat)));
                } catch (IOException | RuntimeException threadGone) {
                    // the thread ended while we listed
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        return threads;
    }

    public record ThreadTicks(String name, long ticks) {
    }

    /** Per thread of {@code after}: the ticks it used since {@code before} (a thread that appeared since, all of them). */
    public static Map<Long, ThreadTicks> ticksSince(Map<Long, ThreadTicks> before, Map<Long, ThreadTicks> after) {
        Map<Long, ThreadTicks> used = new HashMap<>();
        after.forEach((tid, now) -> {
            ThreadTicks then = before.get(tid);
            used.put(tid, new ThreadTicks(now.name(), now.ticks() - (then == null ? 0 : then.ticks())));
        });
        return used;
    }

    /** The whole machine: {busy, total} jiffies over all CPUs (busy = everything but idle and iowait). */
    public static long[] machineTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) { // user nice system idle iowait irq softirq steal
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new long[]{total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[]{-1, -1};
        }
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " / " + f[1] + " / " + f[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(line -> line.startsWith("model name")).findFirst()
                    .map(line -> line.substring(line.indexOf(':') + 1).trim()).orElse("?");
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    static long memTotalMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.substring(9).trim().split("\\s+")[0]) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    private static long cpuTicks(Path statFile) {
        try {
            return ticksOf(Files.readString(statFile));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** utime + stime: fields 14 and 15 of a stat line, counted after the {@code (comm)}, which may hold spaces. */
    private static long ticksOf(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private static long clockTicks() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            List<String> out = new String(getconf.getInputStream().readAllBytes()).lines().toList();
            if (getconf.waitFor() == 0 && !out.isEmpty()) {
                return Long.parseLong(out.get(0).trim());
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 100;
    }
}
