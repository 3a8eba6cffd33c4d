package io.parley.bench;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@link LoadBenchmark}'s parameters: system properties ({@code -Dpairs=10}) or arguments ({@code pairs=10}),
 * arguments winning ({@link Parameters}).
 */
record LoadParams(int pairs, int messages, int window, int rate, int seconds, int openWarmup, int idle, int warmup, int grace,
                  int textLength, int socketRate, int maxSeconds, String serverUrl, String serverJar, String serverHeap,
                  String serverGc, String serverJvmOptions, int bcryptStrength, long serverPid, int setupThreads, int idleMinutes,
                  String workloads, int workloadScale) {

    static final String USAGE = """
            Parameters (system property -Dname=value, or argument name=value):
              pairs=100         user pairs, one direct conversation each; both users send
              messages=200      closed loop: messages each user sends (each direction of a pair)
              window=10         closed loop: un-acked sends kept in flight per sender
              rate=500          open loop: messages/s in total, spread over all senders of all pairs
              seconds=20        open loop: duration of the schedule
              openWarmup=30     seconds at the open loop's rate just before it (not counted; 0: none)
              idle=200          extra users connected the whole time, sending nothing (0: none)
              warmup=500        messages each sender sends before the closed loop (not counted; 0: none)
              grace=10          seconds to wait after the last ack for deliveries still on their way
              textLength=100    characters per message text (the driver's header is part of them)
              socketRate=45     frames/s each socket sends at most (the server allows 50/s, bursts of 100)
              maxSeconds=300    time limit of each phase (sending and waiting for acks)
              serverUrl=        an already running Parley on loopback, e.g. http://127.0.0.1:8080 (no CPU/RSS
                                unless serverPid is given); empty: start standalone as a child process
              serverJar=        the jar of the child process (empty: standalone/target/standalone-0.1.0-SNAPSHOT-exec.jar)
              serverHeap=1g     -Xms/-Xmx of the child process
              serverGc=g1       the child's garbage collector: g1 (the JVM's default) or zgc (see bench/README.md)
              serverJvmOptions=-XX:MaxGCPauseMillis=25  more options of the child JVM, space-separated (-XX:…,
                                -Dparley.…=…): by default those of README's run command; none: no more
              bcryptStrength=4  child only: BCrypt cost for register/login (setup only, not measured)
              serverPid=0       with serverUrl: the pid of that server, to read its CPU and RSS from /proc
              setupThreads=8    concurrent REST calls while registering users and opening conversations
              idleMinutes=0     after the run, minutes with no traffic, the data directory measured after each
              workloads=        issue 22's workloads instead of the phases above, each on a fresh server, then one
                                table: all, or some of closed,open,idle,idle10k,offline,resume (empty: the phases)
              workloadScale=100 percent of the workloads' sizes (users, messages, rate; not their durations)""";

    static LoadParams parse(String[] args) {
        Parameters values = Parameters.read(USAGE, args);
        LoadParams params = new LoadParams(values.number("pairs"), values.number("messages"), values.number("window"),
                values.number("rate"), values.number("seconds"), values.number("openWarmup"), values.number("idle"),
                values.number("warmup"), values.number("grace"), values.number("textLength"),
                values.number("socketRate"), values.number("maxSeconds"), values.text("serverUrl"),
                jar(values.text("serverJar")), values.text("serverHeap"),
                values.text("serverGc").toLowerCase(Locale.ROOT), values.text("serverJvmOptions"),
                values.number("bcryptStrength"), values.number("serverPid"), values.number("setupThreads"),
                values.number("idleMinutes"), values.text("workloads"), values.number("workloadScale"));
        params.validate();
        return params;
    }

    boolean startsServer() {
        return serverUrl.isEmpty();
    }

    int senders() {
        return 2 * pairs;
    }

    private void validate() {
        if (pairs < 1 || window < 1 || socketRate < 1 || maxSeconds < 1 || setupThreads < 1) {
            throw new IllegalArgumentException("pairs, window, socketRate, maxSeconds and setupThreads must be at least 1");
        }
        if (messages < 0 || rate < 0 || seconds < 0 || openWarmup < 0 || idle < 0 || warmup < 0 || grace < 0
                || serverPid < 0 || idleMinutes < 0) {
            throw new IllegalArgumentException(
                    "messages, rate, seconds, openWarmup, idle, warmup, grace, serverPid and idleMinutes cannot be negative");
        }
        if (textLength < 40 || textLength > 4096) {
            throw new IllegalArgumentException("textLength must be 40..4096 (the driver's header takes up to 40 characters)");
        }
        if (bcryptStrength < 4 || bcryptStrength > 31) {
            throw new IllegalArgumentException("bcryptStrength must be 4..31");
        }
        if (workloadScale < 1) {
            throw new IllegalArgumentException("workloadScale must be at least 1 (percent)");
        }
        if (!workloads.isEmpty()) {
            Workload.parse(workloads);
        }
        if (!serverHeap.matches("\\d+[kKmMgG]?")) {
            throw new IllegalArgumentException("serverHeap must look like 1g or 768m: " + serverHeap);
        }
        if (!serverGc.equals("zgc") && !serverGc.equals("g1")) {
            throw new IllegalArgumentException("serverGc must be zgc or g1: " + serverGc);
        }
        if (!serverUrl.isEmpty()) {
            URI uri = URI.create(serverUrl);
            if (!"http".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 1) {
                throw new IllegalArgumentException("serverUrl must be http://<loopback host>:<port> (port given): " + serverUrl);
            }
            try {
                if (!InetAddress.getByName(uri.getHost()).isLoopbackAddress()) {
                    throw new IllegalArgumentException("serverUrl must be a loopback address (127.0.0.1, localhost, ::1): " + serverUrl);
                }
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("unknown host in serverUrl: " + serverUrl);
            }
        } else if (!Files.isRegularFile(Path.of(serverJar))) {
            throw new IllegalArgumentException("no standalone jar at " + serverJar
                    + " (build it: mvn -q -B install -Dmaven.test.skip=true, or pass serverJar=<path>)");
        }
    }

    List<Workload> workloadList() {
        return workloads.isEmpty() ? List.of() : Workload.parse(workloads);
    }

    /** The parameters of one workload: its sizes scaled by {@code workloadScale}; durations and the rest as given. */
    LoadParams forWorkload(Workload workload) {
        return switch (workload) {
            case CLOSED -> sized(scaled(100), scaled(1000), 0, 0, warmup, 0);
            case OPEN -> sized(scaled(200), 0, scaled(2000), 0, 0, openWarmup);
            case IDLE -> sized(scaled(50), scaled(1000), 0, scaled(1000), warmup, 0);
            case IDLE_10K -> sized(1, 0, 0, scaled(10_000) - 2, 0, 0);
            case OFFLINE -> sized(1, scaled(1000), 0, 0, 0, 0);
            case RESUME -> sized(scaled(100), 10, 0, 0, 0, 0);
        };
    }

    private int scaled(int size) {
        return Math.max(1, (int) ((long) size * workloadScale / 100));
    }

    private LoadParams sized(int pairs, int messages, int rate, int idle, int warmup, int openWarmup) {
        return new LoadParams(pairs, messages, window, rate, seconds, openWarmup, Math.max(0, idle), warmup, grace,
                textLength, socketRate, maxSeconds, serverUrl, serverJar, serverHeap, serverGc, serverJvmOptions,
                bcryptStrength, serverPid, setupThreads, idleMinutes, "", 100);
    }

    String describe() {
        return String.format(Locale.ROOT, """
                        pairs=%d (%d sending users), idle=%d, textLength=%d, socketRate=%d frames/s per socket
                                  closed loop: messages=%d per user (each direction), window=%d in flight per sender, \
                        warmup=%d per sender before it
                                  open loop  : rate=%d messages/s in total for seconds=%d (%d messages, %.2f/s per sender), \
                        openWarmup=%d s at that rate before it
                                  grace=%d s after the last ack, maxSeconds=%d per phase, setupThreads=%d""",
                pairs, senders(), idle, textLength, socketRate, messages, window, warmup, rate, seconds,
                (long) rate * seconds, rate / (double) senders(), openWarmup, grace, maxSeconds, setupThreads);
    }

    private static String jar(String given) {
        if (!given.isEmpty()) {
            return given;
        }
        String name = "standalone/target/standalone-0.1.0-SNAPSHOT-exec.jar";
        for (String candidate : new String[]{name, "../" + name}) {
            if (Files.isRegularFile(Path.of(candidate))) {
                return Path.of(candidate).toAbsolutePath().normalize().toString();
            }
        }
        return Path.of(name).toAbsolutePath().normalize().toString();
    }
}
