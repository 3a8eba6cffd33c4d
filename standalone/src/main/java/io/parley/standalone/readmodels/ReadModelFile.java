package io.parley.standalone.readmodels;

import de.bwaldvogel.mongo.exception.MongoServerException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The read models' SQLite file ({@code readmodels.db}, WAL, {@code synchronous=NORMAL}: a commit is in the file
 * before the write is acknowledged, so it survives kill -9 and any crash of the process). One writer connection,
 * taken under one lock by a whole write command, which is one transaction ({@link #inWriteTransaction}); read commands
 * each get one of {@value #READERS} reading connections in a read transaction ({@link #inReadSnapshot}): WAL readers
 * see the last commit and neither wait for the writer nor hold it up. The code of a command reaches its connection
 * ({@link Session}, which keeps its prepared statements) through {@link #use}.
 */
final class ReadModelFile implements AutoCloseable {

    static final String NAME = "readmodels.db";

    /** After a checkpoint the WAL file is cut back to this; it only grows past it while a checkpoint is held up. */
    private static final int JOURNAL_SIZE_LIMIT = 32 * 1024 * 1024;
    private static final int BUSY_TIMEOUT_MILLIS = 30_000;
    private static final int READERS = 8;

    private final SQLiteDataSource sqlite;
    private final Session writer;
    private final BlockingQueue<Session> idleReaders = new LinkedBlockingQueue<>();
    private final List<Session> readers = new ArrayList<>();
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ThreadLocal<Session> bound = new ThreadLocal<>();

    private ReadModelFile(SQLiteDataSource sqlite, Session writer) {
        this.sqlite = sqlite;
        this.writer = writer;
    }

    /** @param cacheMegabytes SQLite's page cache of each connection (outside the Java heap) */
    static ReadModelFile open(Path file, int cacheMegabytes) {
        SQLiteDataSource sqlite = new SQLiteDataSource(config(cacheMegabytes));
        sqlite.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        try {
            return new ReadModelFile(sqlite, new Session(sqlite.getConnection()));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the read-model file " + file, e);
        }
    }

    private static SQLiteConfig config(int cacheMegabytes) {
        SQLiteConfig config = new SQLiteConfig();
        config.setCacheSize(-1024 * cacheMegabytes);
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        config.setJournalSizeLimit(JOURNAL_SIZE_LIMIT);
        return config;
    }

    interface Work<T> {
        T apply(Session session) throws SQLException;
    }

    /**
     * Runs {@code work} on the connection of the command this thread is running, or else (the store being opened or
     * closed) on the writer, under the lock.
     */
    <T> T use(Work<T> work) {
        Session session = bound.get();
        try {
            if (session != null) {
                return work.apply(session);
            }
            writeLock.lock();
            try {
                return work.apply(writer);
            } finally {
                writeLock.unlock();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the read-model file failed: " + e.getMessage(), e);
        }
    }

    /**
     * Runs a write command as one transaction, the only writer while it runs. What it did is committed even if it
     * ends in an error of MongoDB's (a duplicate key, say: MongoDB too keeps the writes before it; or a collection
     * to drop that is not there, after the command opened the database); a failure of the file (a statement that
     * failed, an IllegalStateException) rolls it all back.
     */
    <T> T inWriteTransaction(Supplier<T> command) {
        writeLock.lock();
        try {
            writer.connection().setAutoCommit(false);
            bound.set(writer);
            boolean commit = false;
            try {
                T result = command.get();
                commit = true;
                return result;
            } catch (MongoServerException mongoError) {
                commit = true;
                throw mongoError;
            } finally {
                bound.remove();
                end(writer.connection(), commit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the read-model file failed: " + e.getMessage(), e);
        } finally {
            writeLock.unlock();
        }
    }

    /** Runs a read command on a snapshot of the last commit. */
    <T> T inReadSnapshot(Supplier<T> command) {
        Session reader = takeReader();
        try {
            reader.connection().setAutoCommit(false);
            bound.set(reader);
            try {
                return command.get();
            } finally {
                bound.remove();
                end(reader.connection(), false);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the read-model file failed: " + e.getMessage(), e);
        } finally {
            idleReaders.add(reader);
        }
    }

    /** An idle reading connection, a new one while there are fewer than {@value #READERS}, or else the next freed. */
    private Session takeReader() {
        Session idle = idleReaders.poll();
        if (idle != null) {
            return idle;
        }
        synchronized (readers) {
            if (readers.size() < READERS) {
                try {
                    Session reader = new Session(sqlite.getConnection());
                    readers.add(reader);
                    return reader;
                } catch (SQLException e) {
                    throw new IllegalStateException("cannot open a reading connection to the read-model file", e);
                }
            }
        }
        try {
            return idleReaders.take();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a reading connection", interrupted);
        }
    }

    private static void end(Connection connection, boolean commit) throws SQLException {
        try {
            if (commit) {
                connection.commit();
            } else {
                connection.rollback();
            }
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /**
     * Writes a copy of the file as of the last commit (a command boundary) to {@code target}, on a reading connection:
     * SQLite's {@code VACUUM INTO}, which holds up no writer.
     */
    void copyInto(Path target) {
        try (Connection reader = sqlite.getConnection();
             PreparedStatement vacuum = reader.prepareStatement("VACUUM INTO ?")) {
            vacuum.setString(1, target.toAbsolutePath().toString());
            vacuum.execute();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot copy the read-model file to " + target, e);
        }
    }

    /**
     * What a read finds where a table is missing: a read that runs while another command creates a collection's
     * tables, or after one dropped them, finds an empty collection.
     */
    static <T> T orIfNoTable(SQLException e, T empty) throws SQLException {
        if (String.valueOf(e.getMessage()).contains("no such table")) {
            return empty;
        }
        throw e;
    }

    /** Closing the last connection checkpoints the WAL into the file and removes it. */
    @Override
    public void close() {
        writeLock.lock();
        try {
            synchronized (readers) {
                for (Session reader : readers) {
                    reader.close();
                }
                readers.clear();
            }
            writer.close();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot close the read-model file", e);
        } finally {
            writeLock.unlock();
        }
    }
}
