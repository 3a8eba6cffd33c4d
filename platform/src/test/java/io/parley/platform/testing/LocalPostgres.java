package io.parley.platform.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real PostgreSQL for the class's tests (a JUnit extension: register it in a static field): Debian's binaries
 * ({@code /usr/lib/postgresql/<version>/bin}, the newest), a cluster made by initdb in a temporary directory, started
 * on a free port of the loopback interface with a password for its one user, and stopped and removed after the
 * class's tests. PostgreSQL refuses to run as root: then it runs as the {@code postgres} user. The tests are skipped
 * only where PostgreSQL is not installed (CI installs it).
 */
public final class LocalPostgres implements BeforeAllCallback, AfterAllCallback {

    public static final String USER = "parley";
    private static final Path DEBIAN_BINARIES = Path.of("/usr/lib/postgresql");

    private final String password = UUID.randomUUID().toString();
    private Path bin;
    private Path dir;
    private int port;

    @Override
    public void beforeAll(ExtensionContext junit) throws Exception {
        bin = binaries();
        assumeTrue(bin != null, "PostgreSQL is not installed (Debian: apt-get install postgresql)");
        dir = Files.createTempDirectory("parley-postgres");
        port = freePort();
        Path passwordFile = Files.writeString(dir.resolve("password"), password + "\n");
        if (root()) {
            UserPrincipal postgres = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            Files.setOwner(dir, postgres);
            Files.setOwner(passwordFile, postgres);
        }
        run("initdb", "-D", dir.resolve("data").toString(), "-U", USER, "--pwfile=" + passwordFile,
                "-A", "scram-sha-256", "--no-sync");
        Files.delete(passwordFile);
        run("pg_ctl", "-D", dir.resolve("data").toString(), "-l", dir.resolve("postgres.log").toString(), "-w",
                "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start");
    }

    /** A new, empty database of this name; its JDBC URL. */
    public String createDatabase(String name) throws SQLException {
        try (Connection connection = connect(url("postgres"))) {
            connection.createStatement().execute("CREATE DATABASE " + name);
        }
        return url(name);
    }

    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public String password() {
        return password;
    }

    public Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, USER, password);
    }

    @Override
    public void afterAll(ExtensionContext junit) throws Exception {
        if (dir == null) {
            return;
        }
        try {
            run("pg_ctl", "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop");
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    private void run(String program, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (root()) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(bin.resolve(program).toString());
        command.addAll(List.of(arguments));
        Path log = dir.resolve(program + ".out");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException(program + " failed: " + Files.readString(log));
        }
    }

    private static Path binaries() throws IOException {
        if (!Files.isDirectory(DEBIAN_BINARIES)) {
            return null;
        }
        try (Stream<Path> versions = Files.list(DEBIAN_BINARIES)) {
            return versions.map(version -> version.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("initdb")))
                    .max(Comparator.comparing(bin -> Integer.parseInt(bin.getParent().getFileName().toString())))
                    .orElse(null);
        }
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
