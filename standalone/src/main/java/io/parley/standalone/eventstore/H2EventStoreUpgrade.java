package io.parley.standalone.eventstore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Takes over the event store of builds before the SQLite one: the H2 file {@code parley.mv.db} that Axon's JPA entities
 * laid out. Every event is copied as it is (global index, event and aggregate ids, sequence numbers, timestamps,
 * payload and metadata bytes), and so are the tracking tokens, which stay valid because the global index does
 * (the read models are not touched). Snapshots are left behind: aggregates replay their events instead and take new
 * ones. Both SQLite files are written under temporary names and renamed once complete; only then is the H2 file renamed
 * to {@code parley.mv.db.before-sqlite} (kept, never deleted). A take-over cut short is started again from the H2
 * file at the next start.
 */
final class H2EventStoreUpgrade {

    static final String H2_FILE = "parley.mv.db";
    static final String KEPT_AS = "parley.mv.db.before-sqlite";

    private static final Logger log = LoggerFactory.getLogger(H2EventStoreUpgrade.class);
    private static final int PAGE = 5_000;
    private static final String EVENT_COLUMNS = "global_index, event_identifier, aggregate_identifier, sequence_number, "
            + "type, time_stamp, payload_type, payload_revision, payload, meta_data";

    private H2EventStoreUpgrade() {
    }

    static void takeOverIfPresent(Path directory) {
        Path h2 = directory.resolve(H2_FILE);
        if (!Files.exists(h2)) {
            return;
        }
        try {
            takeOver(directory, h2);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot take over the H2 event store " + h2, e);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot take over the H2 event store " + h2, e);
        }
    }

    private static void takeOver(Path directory, Path h2) throws IOException, SQLException {
        log.info("Taking over the H2 event store {} into SQLite ({} and {})", h2, EventStoreFiles.EVENTS,
                EventStoreFiles.TOKENS);
        Path events = directory.resolve(EventStoreFiles.EVENTS + ".upgrading");
        Path tokens = directory.resolve(EventStoreFiles.TOKENS + ".upgrading");
        for (String name : new String[]{EventStoreFiles.EVENTS, EventStoreFiles.TOKENS}) {
            for (String suffix : new String[]{"", "-wal", "-shm", "-journal", ".upgrading", ".upgrading-journal"}) {
                Files.deleteIfExists(directory.resolve(name + suffix));
            }
        }
        String h2Url = "jdbc:h2:file:" + directory.toAbsolutePath().resolve("parley") + ";ACCESS_MODE_DATA=r";
        try (Connection from = DriverManager.getConnection(h2Url, "sa", "")) {
            long copied = copyEvents(from, events);
            int tokenCount = copyTokens(from, tokens);
            log.info("Copied {} events and {} tracking tokens from the H2 event store", copied, tokenCount);
        }
        Files.move(tokens, directory.resolve(EventStoreFiles.TOKENS), StandardCopyOption.ATOMIC_MOVE);
        Files.move(events, directory.resolve(EventStoreFiles.EVENTS), StandardCopyOption.ATOMIC_MOVE);
        Files.move(h2, directory.resolve(KEPT_AS), StandardCopyOption.ATOMIC_MOVE);
        log.info("The H2 event store is kept as {}; it is no longer used", directory.resolve(KEPT_AS));
    }

    private static long copyEvents(Connection from, Path file) throws SQLException {
        try (Connection to = open(file)) {
            EventTables.createEventTables(to);
            to.setAutoCommit(false);
            long total = count(from, "domain_event_entry");
            long last = Long.MIN_VALUE;
            long copied = 0;
            try (PreparedStatement page = from.prepareStatement("SELECT " + EVENT_COLUMNS + " FROM domain_event_entry "
                    + "WHERE global_index > ? ORDER BY global_index LIMIT " + PAGE);
                 PreparedStatement insert = to.prepareStatement("INSERT INTO domain_event_entry (" + EVENT_COLUMNS
                         + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                while (true) {
                    page.setLong(1, last);
                    int rows = 0;
                    try (ResultSet events = page.executeQuery()) {
                        while (events.next()) {
                            last = events.getLong(1);
                            insert.setLong(1, last);
                            insert.setString(2, events.getString(2));
                            insert.setString(3, events.getString(3));
                            insert.setLong(4, events.getLong(4));
                            insert.setString(5, events.getString(5));
                            insert.setString(6, events.getString(6));
                            insert.setString(7, events.getString(7));
                            insert.setString(8, events.getString(8));
                            insert.setBytes(9, events.getBytes(9));
                            insert.setBytes(10, events.getBytes(10));
                            insert.addBatch();
                            rows++;
                        }
                    }
                    if (rows == 0) {
                        break;
                    }
                    insert.executeBatch();
                    to.commit();
                    copied += rows;
                    if (copied % 100_000 < PAGE) {
                        log.info("Copied {} of {} events", copied, total);
                    }
                }
            }
            if (copied != total || count(to, "domain_event_entry") != total) {
                throw new IllegalStateException("copied " + copied + " events of " + total);
            }
            to.setAutoCommit(true);
            walMode(to);
            return copied;
        }
    }

    private static int copyTokens(Connection from, Path file) throws SQLException {
        try (Connection to = open(file)) {
            EventTables.createTokenTable(to);
            int copied = 0;
            try (PreparedStatement select = from.prepareStatement(
                    "SELECT processor_name, segment, token, token_type, timestamp FROM token_entry");
                 PreparedStatement insert = to.prepareStatement("INSERT INTO token_entry "
                         + "(processor_name, segment, token, token_type, timestamp, owner) VALUES (?, ?, ?, ?, ?, NULL)");
                 ResultSet tokens = select.executeQuery()) {
                while (tokens.next()) {
                    insert.setString(1, tokens.getString(1));
                    insert.setInt(2, tokens.getInt(2));
                    insert.setBytes(3, tokens.getBytes(3));
                    insert.setString(4, tokens.getString(4));
                    insert.setString(5, tokens.getString(5));
                    insert.executeUpdate();
                    copied++;
                }
            }
            walMode(to);
            return copied;
        }
    }

    /** A fresh file with a rollback journal while it is filled; the WAL mode it keeps is set at the end. */
    private static Connection open(Path file) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        return config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
    }

    private static void walMode(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA journal_mode=WAL");
        }
    }

    private static long count(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT count(*) FROM " + table)) {
            result.next();
            return result.getLong(1);
        }
    }
}
