package io.parley.standalone.eventstore;

import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Axon's JDBC token store, through its statement hook for dialects: SQLite has no {@code SELECT ... FOR UPDATE}. The
 * row lock it stands for is the file's write lock here, which the token file's transactions take at BEGIN
 * ({@link EventStoreFiles}).
 */
final class SqliteTokenStore extends JdbcTokenStore {

    SqliteTokenStore(Builder builder) {
        super(builder);
    }

    @Override
    protected PreparedStatement selectForUpdate(Connection connection, String processorName, int segment)
            throws SQLException {
        return select(connection, processorName, segment, false);
    }
}
