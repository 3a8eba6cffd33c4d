package io.parley.standalone.eventstore;

import org.sqlite.SQLiteConfig;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Consistent copies of the event store's files while Parley runs: SQLite's {@code VACUUM INTO} on a reading
 * connection, which writes what one read transaction sees (every commit before it, none after: a commit boundary)
 * and does not hold up the writer (WAL: readers and the writer never wait for each other). A backup copies the
 * tracking tokens before the read models and the events after both, so that no token is ahead of the read models or
 * of the events copied with it.
 */
public final class EventStoreCopy {

    private final DataSource events;
    private final DataSource tokens;

    EventStoreCopy(DataSource events, DataSource tokens) {
        this.events = events;
        this.tokens = tokens;
    }

    /**
     * Writes {@code tokens.db} into {@code directory}, synced to disk, with no processor's claim in it (a copy is
     * started by another process, which would otherwise wait for the claims to time out). Answers its size.
     */
    public long copyTokensInto(Path directory) throws SQLException, IOException {
        Path file = directory.resolve(EventStoreFiles.TOKENS);
        vacuumInto(tokens, file);
        try (Connection copy = new SQLiteConfig().createConnection("jdbc:sqlite:" + file.toAbsolutePath());
             Statement statement = copy.createStatement()) {
            statement.executeUpdate("UPDATE token_entry SET owner = NULL");
        }
        sync(file);
        return Files.size(file);
    }

    private static void vacuumInto(DataSource source, Path file) throws SQLException {
        try (Connection connection = source.getConnection();
             PreparedStatement vacuum = connection.prepareStatement("VACUUM INTO ?")) {
            vacuum.setString(1, file.toAbsolutePath().toString());
            vacuum.execute();
        }
    }

    private static void sync(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    /**
     * @param file             where the copy went ({@code events.db} in the directory asked for)
     * @param lastGlobalIndex  the global index of the last event in it; -1 when it holds none
     */
    public record Copied(Path file, long events, long lastGlobalIndex, long bytes) {
    }

    /** Writes {@code events.db} into {@code directory} (which must not hold one), synced to disk. */
    public Copied copyInto(Path directory) throws SQLException, IOException {
        Path file = directory.resolve(EventStoreFiles.EVENTS);
        vacuumInto(events, file);
        sync(file);
        try (Connection copy = new SQLiteConfig().createConnection("jdbc:sqlite:" + file.toAbsolutePath());
             Statement statement = copy.createStatement()) {
            long count;
            try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM domain_event_entry")) {
                rows.next();
                count = rows.getLong(1);
            }
            long last = -1;
            try (ResultSet rows = statement.executeQuery(
                    "SELECT global_index FROM domain_event_entry ORDER BY global_index DESC LIMIT 1")) {
                if (rows.next()) {
                    last = rows.getLong(1);
                }
            }
            return new Copied(file, count, last, Files.size(file));
        }
    }
}
