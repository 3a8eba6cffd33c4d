package io.parley.standalone.eventstore;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The event store's two SQLite files under {@code <data-dir>/eventstore}, in WAL mode: {@code events.db} (events and
 * snapshots, appended by the group commit only) and {@code tokens.db} (the event processors' tracking tokens). They
 * are apart because SQLite locks a whole file for a write: a processor holds the token file's lock from its token
 * update to its commit (its read-model writes in between), and the appends must never wait for that.
 * <p>
 * An event store of an earlier build (H2, {@code parley.mv.db}) is taken over before either file opens
 * ({@link H2EventStoreUpgrade}).
 */
final class EventStoreFiles implements AutoCloseable {

    static final String EVENTS = "events.db";
    static final String TOKENS = "tokens.db";

    /** After a checkpoint the WAL file is cut back to this; it only grows past it while a checkpoint is held up. */
    private static final int JOURNAL_SIZE_LIMIT = 32 * 1024 * 1024;
    private static final int BUSY_TIMEOUT_MILLIS = 30_000;

    private final HikariDataSource events;
    private final HikariDataSource tokens;

    private EventStoreFiles(HikariDataSource events, HikariDataSource tokens) {
        this.events = events;
        this.tokens = tokens;
    }

    /**
     * @param eventsSynchronous SQLite's {@code synchronous} for the events: {@code FULL} syncs the WAL at every commit
     *                          (an acknowledged event survives a power cut); {@code NORMAL} only at checkpoints (it
     *                          survives a crash of the process, not of the machine)
     */
    static EventStoreFiles open(Path directory, SQLiteConfig.SynchronousMode eventsSynchronous) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        H2EventStoreUpgrade.takeOverIfPresent(directory);
        HikariDataSource events = pool("parley-events", directory.resolve(EVENTS), eventsSynchronous,
                SQLiteConfig.TransactionMode.DEFERRED, 8);
        // Tokens lose nothing on a power cut but a few events' progress, which the processors project again. Their
        // transactions take the write lock at BEGIN: a token claim reads before it writes, and SQLite has no
        // SELECT ... FOR UPDATE (a deferred read-then-write fails outright when another commit came in between).
        HikariDataSource tokens = pool("parley-tokens", directory.resolve(TOKENS), SQLiteConfig.SynchronousMode.NORMAL,
                SQLiteConfig.TransactionMode.IMMEDIATE, 8);
        try (Connection connection = events.getConnection()) {
            EventTables.createEventTables(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the event tables in " + directory, e);
        }
        try (Connection connection = tokens.getConnection()) {
            EventTables.createTokenTable(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the token table in " + directory, e);
        }
        return new EventStoreFiles(events, tokens);
    }

    static SQLiteConfig config(SQLiteConfig.SynchronousMode synchronous, SQLiteConfig.TransactionMode transactions) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(synchronous);
        config.setTransactionMode(transactions);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        config.setJournalSizeLimit(JOURNAL_SIZE_LIMIT);
        return config;
    }

    private static HikariDataSource pool(String name, Path file, SQLiteConfig.SynchronousMode synchronous,
                                         SQLiteConfig.TransactionMode transactions, int size) {
        SQLiteDataSource sqlite = new SQLiteDataSource(config(synchronous, transactions));
        sqlite.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName(name);
        hikari.setDataSource(sqlite);
        hikari.setMaximumPoolSize(size);
        return new HikariDataSource(hikari);
    }

    DataSource events() {
        return events;
    }

    DataSource tokens() {
        return tokens;
    }

    /** Closing the last connection checkpoints the WAL into the database file and removes it. */
    @Override
    public void close() {
        tokens.close();
        events.close();
    }
}
