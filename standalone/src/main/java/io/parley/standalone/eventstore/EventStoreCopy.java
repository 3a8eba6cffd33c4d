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
 * A consistent copy of the events file while Parley runs: SQLite's {@code VACUUM INTO} on a reading connection, which
 * writes what one read transaction sees (every commit of the group commit before it, none after: a commit boundary)
 * and does not hold up the writer (WAL: readers and the writer never wait for each other). The tracking tokens are
 * left out on purpose: they are positions in read models that a copy does not hold, so a store started from the copy
 * projects every event again.
 */
public final class EventStoreCopy {

    private final DataSource events;

    EventStoreCopy(DataSource events) {
        this.events = events;
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
        try (Connection connection = events.getConnection();
             PreparedStatement vacuum = connection.prepareStatement("VACUUM INTO ?")) {
            vacuum.setString(1, file.toAbsolutePath().toString());
            vacuum.execute();
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
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
