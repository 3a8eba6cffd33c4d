package io.parley.standalone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Debian's nginx on a loopback port with the edge's own CDN configuration: the {@code proxy_cache_path} and the
 * {@code location /media-cdn/} block taken as they are from deploy/nginx/parley.conf.template, the secret filled in and
 * the media service pointed at the Parley under test.
 */
final class CdnEdge implements AutoCloseable {

    private static final Path TEMPLATE = Path.of("..", "deploy", "nginx", "parley.conf.template");

    private final Path dir;
    private final int port;
    private Process process;

    private CdnEdge(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    static Path executable() {
        return Stream.concat(Stream.of(System.getenv().getOrDefault("PATH", "").split(":")), Stream.of("/usr/sbin"))
                .map(directory -> Path.of(directory, "nginx")).filter(Files::isExecutable).findFirst()
                .orElse(Path.of("/usr/sbin/nginx"));
    }

    /** A free port for the edge, known before Parley starts (Parley's CDN links name it). */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CdnEdge start(int port, int mediaPort, String secret) {
        try {
            // in /tmp, and open to nginx's workers, which run as nobody when the test runs as root
            Path dir = Files.createTempDirectory("parley-cdn-edge");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path cache = Files.createDirectories(dir.resolve("cache"));
            Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxrwxrwx"));
            String template = Files.readString(TEMPLATE);
            String cachePath = find(template, "proxy_cache_path[^;]*;")
                    .replace("/var/cache/nginx/parley-media", cache.toString());
            String location = block(template, "location /media-cdn/ {").replace("${PARLEY_CDN_SECRET}", secret);
            Files.writeString(dir.resolve("nginx.conf"), """
                    daemon off;
                    worker_processes 1;
                    error_log %1$s/error.log;
                    pid %1$s/nginx.pid;
                    events {}
                    http {
                        access_log off;
                        client_body_temp_path %1$s/body;
                        proxy_temp_path %1$s/proxy;
                        fastcgi_temp_path %1$s/fastcgi;
                        uwsgi_temp_path %1$s/uwsgi;
                        scgi_temp_path %1$s/scgi;
                        proxy_http_version 1.1;
                        %2$s
                        upstream media {
                            server 127.0.0.1:%3$d;
                        }
                        server {
                            listen 127.0.0.1:%4$d;
                            %5$s
                        }
                    }
                    """.formatted(dir, cachePath, mediaPort, port, location));
            CdnEdge edge = new CdnEdge(dir, port);
            edge.process = new ProcessBuilder(executable().toString(), "-p", dir.toString(), "-c",
                    dir.resolve("nginx.conf").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
            edge.awaitListening();
            return edge;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String origin() {
        return "http://127.0.0.1:" + port;
    }

    /** Stops nginx and removes its directory (configuration, cache, logs). */
    @Override
    public void close() {
        if (process != null) {
            process.destroy();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("nginx exited; see " + dir.resolve("nginx.out") + " and error.log");
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        throw new AssertionError("nginx did not listen; see " + dir.resolve("error.log"));
    }

    private static String find(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        if (!matcher.find()) {
            throw new AssertionError(TEMPLATE + " has no " + regex);
        }
        return matcher.group();
    }

    /** The block that starts with {@code opening}, up to its matching brace. */
    private static String block(String text, String opening) {
        int start = text.indexOf(opening);
        if (start < 0) {
            throw new AssertionError(TEMPLATE + " has no " + opening);
        }
        int depth = 0;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return text.substring(start, i + 1);
            }
        }
        throw new AssertionError(TEMPLATE + ": " + opening + " is not closed");
    }
}
