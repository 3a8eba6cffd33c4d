package io.parley.standalone;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Parley standalone in a JVM of its own, so that a test can kill it like a power cut would. */
final class StandaloneProcess implements AutoCloseable {

    private final Process process;
    final int port;

    private StandaloneProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts Parley on a free port. The port is free when chosen, but the child's own servers (the embedded MongoDB
     * and S3) bind ephemeral ports before its web server starts and may take it: then it starts again on another.
     */
    static StandaloneProcess start(Path dataDir, Path log) throws IOException, InterruptedException {
        return start(dataDir, log, Map.of());
    }

    /** Starts Parley on a free port with these environment variables (an operator's settings) added to this JVM's. */
    static StandaloneProcess start(Path dataDir, Path log, Map<String, String> environment, String... arguments)
            throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            long logSize = Files.exists(log) ? Files.size(log) : 0;
            try {
                return startOnce(dataDir, log, environment, arguments);
            } catch (IllegalStateException exited) {
                if (attempt == 3 || !Files.readString(log).substring((int) logSize).contains("already in use")) {
                    throw exited;
                }
            }
        }
    }

    private static StandaloneProcess startOnce(Path dataDir, Path log, Map<String, String> environment,
                                               String... arguments) throws IOException, InterruptedException {
        int port = freePort();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // C1 only: the child starts in well under the time it takes with C2 compiling alongside on a small machine,
        // and a test's child lives too briefly for C2's code to pay off
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-XX:TieredStopAtLevel=1",
                "-Daxoniq.update-checker.disabled=true",
                "-cp", classpath, StandaloneApplication.class.getName(),
                "--parley.data-dir=" + dataDir.toAbsolutePath(), "--server.port=" + port));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        Process process = builder.start();
        StandaloneProcess standalone = new StandaloneProcess(process, port);
        standalone.awaitHealthy(Duration.ofSeconds(90));
        return standalone;
    }

    /** SIGKILL: no shutdown hooks, no flushing, nothing graceful. */
    void killHard() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(Duration.ofSeconds(30).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            killHard();
        }
    }

    private void awaitHealthy(Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Parley exited with " + process.exitValue() + " while starting");
            }
            try {
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        process.destroyForcibly();
        throw new IllegalStateException("Parley did not become healthy within " + timeout);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

}
