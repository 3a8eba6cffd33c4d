package io.parley.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parley standalone as a child process of the driver ({@code java -jar …-exec.jar}) on a fresh data directory and a
 * free loopback port, so that its CPU and memory can be read from {@code /proc/<pid>}. Its output and GC log go to
 * files in the run's temporary directory.
 */
final class ServerProcess implements AutoCloseable {

    private static final Pattern THREAD_LINE = Pattern.compile("^\"(.*)\" .*nid=(0x[0-9a-f]+|[0-9]+) ");
    private static final Pattern GC_PAUSE = Pattern.compile("\\bPause\\b.* ([0-9.]+)ms\\s*$");
    /** ZGC stops no thread for longer than a millisecond, but an allocation that finds no free memory waits. */
    private static final Pattern ALLOCATION_STALL = Pattern.compile("\\bAllocation Stall\\b.* ([0-9.]+)ms\\s*$");
    /** G1: {@code 848M->379M(1024M)}; ZGC: {@code 1968M(48%)->1334M(33%)}. */
    private static final Pattern GC_HEAP_AFTER = Pattern.compile("->(\\d+)M\\(\\d+[M%]\\)");

    private final Process process;
    private final int port;
    private final Path log;
    private final Path gcLog;
    private final List<String> command;

    private ServerProcess(Process process, int port, Path log, Path gcLog, List<String> command) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.gcLog = gcLog;
        this.command = command;
    }

    /** The jar is copied into {@code logDir} first, so that a rebuild of the original cannot pull it from under the process. */
    static ServerProcess start(Path originalJar, Path dataDir, Path logDir, String heap, String gc, String jvmOptions,
                               int bcryptStrength) throws IOException {
        int port = freePort();
        Path jar = Files.copy(originalJar, logDir.resolve(originalJar.getFileName()));
        Path log = logDir.resolve("server.log");
        Path gcLog = logDir.resolve("gc.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, gc.equals("g1") ? "-XX:+UseG1GC" : "-XX:+UseZGC",
                "-Xms" + heap, "-Xmx" + heap));
        if (!jvmOptions.isBlank() && !jvmOptions.equals("none")) {
            command.addAll(List.of(jvmOptions.trim().split("\\s+")));
        }
        command.addAll(List.of("-Daxoniq.update-checker.disabled=true", "-Xlog:gc,gc+phases:file=" + gcLog,
                "-jar", jar.toString(), "--parley.data-dir=" + dataDir, "--server.address=127.0.0.1",
                "--server.port=" + port, "--parley.jwt.bcrypt-strength=" + bcryptStrength));
        command.addAll(ServerLimits.HIGH_LIMITS);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).directory(logDir.toFile());
        builder.environment().put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
        return new ServerProcess(builder.start(), port, log, gcLog, command);
    }

    long pid() {
        return process.pid();
    }

    int port() {
        return port;
    }

    String commandLine() {
        return String.join(" ", command);
    }

    /**
     * Waits until {@code /actuator/health} answers 200; fails early if the process dies. A server that keeps answering
     * 503 (some health component DOWN) for 3 s is up nonetheless: returns that answer as a warning to print.
     */
    String awaitHealthy(Duration timeout) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = System.nanoTime() + timeout.toNanos();
        long downSince = 0;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited with " + process.exitValue() + "; its log ends:\n" + logTail(40));
            }
            try {
                HttpResponse<String> answer = http.send(health, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200) {
                    return null;
                }
                if (downSince == 0) {
                    downSince = System.nanoTime();
                } else if (System.nanoTime() - downSince > TimeUnit.SECONDS.toNanos(3)) {
                    String body = answer.body();
                    return "/actuator/health answers " + answer.statusCode() + ": "
                            + (body.length() > 400 ? body.substring(0, 400) + "…" : body);
                }
            } catch (IOException notYet) {
                downSince = 0; // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the server was not healthy within " + timeout + "; its log ends:\n" + logTail(40));
    }

    /** Throws if the process has exited, with the end of its log. */
    void checkAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException("the server exited with " + process.exitValue() + "; its log ends:\n" + logTail(40));
        }
    }

    /** Java thread names by native thread id ({@code jcmd <pid> Thread.print}); empty if jcmd is not there. */
    Map<Long, String> javaThreadNames() {
        Map<Long, String> names = new HashMap<>();
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            return names;
        }
        try {
            Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(pid()), "Thread.print")
                    .redirectErrorStream(true).start();
            String out = new String(dump.getInputStream().readAllBytes());
            dump.waitFor(30, TimeUnit.SECONDS);
            for (String line : out.split("\n")) {
                Matcher m = THREAD_LINE.matcher(line);
                if (m.find()) {
                    String nid = m.group(2);
                    names.put(nid.startsWith("0x") ? Long.parseLong(nid.substring(2), 16) : Long.parseLong(nid), m.group(1));
                }
            }
        } catch (IOException | RuntimeException e) {
            return names;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return names;
    }

    /** How far the GC log has been written: pass it to {@link #gcPausesSince} to see the pauses of a phase. */
    long gcLogPosition() {
        try {
            return Files.size(gcLog);
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * The GC pauses logged after {@code position}: {count, total ms, max ms, how many were full GCs, heap MiB after the
     * last collection (-1 if none), allocation stalls, their total ms, their max ms}.
     */
    double[] gcPausesSince(long position) {
        double[] pauses = {0, 0, 0, 0, -1, 0, 0, 0};
        try {
            byte[] all = Files.readAllBytes(gcLog);
            String text = new String(all, (int) Math.min(position, all.length), (int) Math.max(0, all.length - position));
            for (String line : text.split("\n")) {
                if (count(GC_PAUSE.matcher(line), pauses, 0) && line.contains("Pause Full")) {
                    pauses[3]++;
                }
                count(ALLOCATION_STALL.matcher(line), pauses, 5);
                Matcher heap = GC_HEAP_AFTER.matcher(line);
                if (heap.find()) {
                    pauses[4] = Double.parseDouble(heap.group(1));
                }
            }
        } catch (IOException | RuntimeException e) {
            return pauses;
        }
        return pauses;
    }

    /** If it matched: one more in {@code into[at]}, its ms added to {@code into[at + 1]}, their max in {@code into[at + 2]}. */
    private static boolean count(Matcher ms, double[] into, int at) {
        if (!ms.find()) {
            return false;
        }
        double value = Double.parseDouble(ms.group(1));
        into[at]++;
        into[at + 1] += value;
        into[at + 2] = Math.max(into[at + 2], value);
        return true;
    }

    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** How far the server log has been written: pass it to {@link #problemsInLog} to see what came after. */
    long logPosition() {
        try {
            return Files.size(log);
        } catch (IOException e) {
            return 0;
        }
    }

    /** Lines of the server log after {@code position} that report errors or warnings (at most {@code max}). */
    List<String> problemsInLog(long position, int max) {
        List<String> problems = new ArrayList<>();
        try {
            byte[] all = Files.readAllBytes(log);
            String text = new String(all, (int) Math.min(position, all.length), (int) Math.max(0, all.length - position));
            for (String line : text.split("\n")) {
                if ((line.contains(" ERROR ") || line.contains(" WARN ") || line.startsWith("Exception"))
                        && problems.size() < max) {
                    problems.add(line.length() > 300 ? line.substring(0, 300) + "…" : line);
                }
            }
        } catch (IOException e) {
            problems.add("(no log: " + e + ")");
        }
        return problems;
    }

    /** SIGTERM, then SIGKILL if it has not gone after 20 s. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
