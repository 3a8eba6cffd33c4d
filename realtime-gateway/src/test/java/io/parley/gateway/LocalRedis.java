package io.parley.gateway;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real Redis for tests that share it between gateway nodes: Debian's {@code redis-server} on a free loopback port
 * with a password, no persistence, its files and log under the given directory. The test is skipped only where no
 * redis-server is installed (CI installs it).
 */
public final class LocalRedis {

    private final Path server;
    private final Path dir;
    private final int port;
    private final String password = UUID.randomUUID().toString();
    private Process process;

    private LocalRedis(Path server, Path dir) throws IOException {
        this.server = server;
        this.dir = dir;
        this.port = freePort();
    }

    /** Started, or the calling test skipped when redis-server is not installed. */
    public static LocalRedis start(Path dir) throws IOException, InterruptedException {
        Path server = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .map(directory -> Path.of(directory, "redis-server")).filter(Files::isExecutable).findFirst()
                .orElse(Path.of("/usr/bin/redis-server"));
        assumeTrue(Files.isExecutable(server), "redis-server is not installed (Debian: apt-get install redis-server)");
        LocalRedis redis = new LocalRedis(server, dir);
        redis.restart();
        return redis;
    }

    /** Starts it (again, after {@link #kill()}) on the same port, with the same password and no data. */
    public void restart() throws IOException, InterruptedException {
        Path data = Files.createDirectories(dir.resolve("redis"));
        process = new ProcessBuilder(server.toString(), "--bind", "127.0.0.1", "--port", String.valueOf(port),
                "--dir", data.toString(), "--save", "", "--appendonly", "no", "--requirepass", password)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()))
                .start();
        awaitListening();
    }

    /** Gone at once, as a crash would take it. */
    public void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The arguments that point a gateway node at it. */
    public List<String> arguments() {
        return arguments(port);
    }

    /** As {@link #arguments()}, through another port that leads here (a proxy in between). */
    public List<String> arguments(int via) {
        return List.of("--spring.data.redis.host=127.0.0.1", "--spring.data.redis.port=" + via,
                "--spring.data.redis.password=" + password);
    }

    public int port() {
        return port;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void awaitListening() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("redis-server did not start; see " + dir.resolve("redis.log"));
    }
}
