package io.parley.standalone.readmodels;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractMongoBackend;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import io.netty.channel.Channel;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * mongo-java-server's backend on the read models' SQLite file ({@link ReadModelFile}). Every command that may write
 * is one transaction, committed before it is answered (so the journaled write concern, {@code j: true}, holds as
 * MongoDB means it), and runs alone; the commands known only to read run side by side on snapshots. A command for a
 * database not opened yet opens it (creates its tables), so it runs as a write.
 */
public final class ReadModelBackend extends AbstractMongoBackend {

    private static final String NAMESPACES_TABLE_SUFFIX = ".system.namespaces";
    /** Answered by the library's backend itself (cursors are kept in memory), from no file. */
    private static final Set<String> WITHOUT_STORAGE = caseInsensitive("whatsmyuri", "isMaster", "buildInfo",
            "getMore", "killCursors", "ping", "serverStatus");
    /** Not listDatabases: the library opens every database again for it. */
    private static final Set<String> READS = caseInsensitive("find", "count", "distinct", "listCollections",
            "listIndexes", "dbStats", "collStats", "hello", "getLastError", "endSessions",
            "getParameter", "getFreeMonitoringStatus", "connectionStatus", "hostInfo", "getCmdLineOpts", "explain");

    static final int DEFAULT_CACHE_MEGABYTES = 8;

    private final ReadModelFile file;

    public ReadModelBackend(Path file) {
        this(file, DEFAULT_CACHE_MEGABYTES);
    }

    /** @param cacheMegabytes SQLite's page cache of each of its connections (outside the Java heap) */
    public ReadModelBackend(Path file, int cacheMegabytes) {
        this.file = ReadModelFile.open(file, cacheMegabytes);
        existingDatabases().forEach(this::resolveDatabase);
    }

    private List<String> existingDatabases() {
        return file.use(session -> {
            List<String> names = new ArrayList<>();
            try (ResultSet tables = session.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").executeQuery()) {
                while (tables.next()) {
                    String table = tables.getString(1);
                    if (table.endsWith(NAMESPACES_TABLE_SUFFIX)) {
                        names.add(table.substring(0, table.length() - NAMESPACES_TABLE_SUFFIX.length()));
                    }
                }
            }
            return names;
        });
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new ReadModelDatabase(databaseName, file, getCursorRegistry());
    }

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        if (WITHOUT_STORAGE.contains(command)) {
            return super.handleCommand(channel, databaseName, command, query);
        }
        if (isRead(command, query) && listDatabaseNames().contains(databaseName)) {
            return file.inReadSnapshot(() -> super.handleCommand(channel, databaseName, command, query));
        }
        return file.inWriteTransaction(() -> super.handleCommand(channel, databaseName, command, query));
    }

    /** The legacy query message (OP_QUERY), which the drivers of today no longer send. */
    @Override
    public QueryResult handleQuery(MongoQuery query) {
        if (listDatabaseNames().contains(query.getDatabaseName())) {
            return file.inReadSnapshot(() -> super.handleQuery(query));
        }
        return file.inWriteTransaction(() -> super.handleQuery(query));
    }

    /** An aggregation writes only with an {@code $out} or {@code $merge} stage. */
    private static boolean isRead(String command, Document query) {
        if (command.equalsIgnoreCase("aggregate")) {
            return !(query.get("pipeline") instanceof List<?> stages) || stages.stream().noneMatch(stage ->
                    stage instanceof Document document && (document.containsKey("$out") || document.containsKey("$merge")));
        }
        return READS.contains(command);
    }

    private static Set<String> caseInsensitive(String... names) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(List.of(names));
        return set;
    }

    /**
     * Writes {@code readmodels.db} into {@code directory} as of the last write command: every collection at one commit,
     * a projection's batch perhaps in part (its processor's token is not past it, so it is handled again).
     * Answers the file.
     */
    public Path copyInto(Path directory) {
        Path copy = directory.resolve(ReadModelFile.NAME);
        file.copyInto(copy);
        return copy;
    }

    @Override
    public void close() {
        super.close();
        file.close();
    }
}
