package io.parley.standalone;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's clamd on a loopback port, with a signature database of our own: official signatures cannot be downloaded
 * here, so the database holds one body signature, {@value #SIGNATURE}, for the EICAR test string anywhere in a file.
 * Streams over {@code streamMaxLength} are refused by clamd.
 */
final class Clamd implements AutoCloseable {

    static final String SIGNATURE = "Parley-Test-EICAR";
    /** The industry's harmless test "virus" (eicar.org): every scanner reports it. */
    static final String EICAR = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";

    private final Path dir;
    private final int port;
    private Process process;

    private Clamd(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Where clamd is installed, if it is (Debian: {@code apt-get install clamav-daemon}). */
    static Path executable() {
        return Stream.concat(Stream.of(System.getenv().getOrDefault("PATH", "").split(":")), Stream.of("/usr/sbin"))
                .map(directory -> Path.of(directory, "clamd")).filter(Files::isExecutable).findFirst()
                .orElse(Path.of("/usr/sbin/clamd"));
    }

    /** Configured for a free loopback port, not yet started. */
    static Clamd configure(String streamMaxLength) {
        try {
            Files.createDirectories(Path.of("target"));
            Path dir = Files.createTempDirectory(Path.of("target"), "clamd").toAbsolutePath();
            Path database = Files.createDirectories(dir.resolve("db"));
            String hex = HexFormat.of().formatHex(EICAR.getBytes(StandardCharsets.US_ASCII));
            Files.writeString(database.resolve("parley-test.ndb"), SIGNATURE + ":0:*:" + hex + "\n");
            int port = freePort();
            Files.writeString(dir.resolve("clamd.conf"), String.join("\n",
                    "Foreground yes",
                    "DatabaseDirectory " + database,
                    "TCPAddr 127.0.0.1",
                    "TCPSocket " + port,
                    "StreamMaxLength " + streamMaxLength,
                    "LogFile " + dir.resolve("clamd.log"),
                    "SelfCheck 0",
                    ""));
            return new Clamd(dir, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return port;
    }

    /** Starts clamd and waits until it answers PING. */
    void start() {
        try {
            process = new ProcessBuilder(executable().toString(), "-c", dir.resolve("clamd.conf").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("clamd.out").toFile()))
                    .start();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new AssertionError("clamd exited; see " + dir.resolve("clamd.out"));
                }
                if (answersPing()) {
                    return;
                }
                Thread.sleep(100);
            }
            throw new AssertionError("clamd did not answer in time; see " + dir.resolve("clamd.out"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    void stop() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    boolean isRunning() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() {
        stop();
    }

    private boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            out.write("zPING\0".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readNBytes(4), StandardCharsets.US_ASCII).equals("PONG");
        } catch (IOException notYet) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
