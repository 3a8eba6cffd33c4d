package io.parley.standalone.readmodels;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * A connection to the read-model file with its statements, each prepared once and kept: a command runs a handful of
 * the same few statements per document, and SQLite would otherwise compile each anew. A statement of a table dropped
 * and created again is compiled again by SQLite itself. Used by one thread at a time.
 */
final class Session implements AutoCloseable {

    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    Session(Connection connection) {
        this.connection = connection;
    }

    /** The statement for {@code sql}, kept open: its caller closes the result sets it opens, not the statement. */
    PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement statement = statements.get(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
            statements.put(sql, statement);
        }
        return statement;
    }

    /** Runs a statement that is not kept (a table created or dropped). */
    void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    Connection connection() {
        return connection;
    }

    @Override
    public void close() throws SQLException {
        for (PreparedStatement statement : statements.values()) {
            statement.close();
        }
        statements.clear();
        connection.close();
    }
}
