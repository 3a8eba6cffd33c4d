package io.parley.standalone.eventstore;

import org.axonframework.common.jdbc.PersistenceExceptionResolver;

import java.sql.SQLException;

/**
 * Tells Axon when an append failed on a unique key (an aggregate's sequence number taken, or a stream created twice),
 * which Axon turns into its concurrency and stream-creation exceptions. SQLite reports these with the constraint result
 * code (19, or its extended forms for UNIQUE and PRIMARY KEY), also inside a failed batch.
 */
final class SqliteDuplicateKeys implements PersistenceExceptionResolver {

    private static final int SQLITE_CONSTRAINT = 19;
    private static final int SQLITE_CONSTRAINT_PRIMARYKEY = 1555;
    private static final int SQLITE_CONSTRAINT_UNIQUE = 2067;

    @Override
    public boolean isDuplicateKeyViolation(Exception exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && isUniqueViolation(sql)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isUniqueViolation(SQLException exception) {
        int code = exception.getErrorCode();
        String message = String.valueOf(exception.getMessage());
        return code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY
                || message.contains("SQLITE_CONSTRAINT_UNIQUE") || message.contains("SQLITE_CONSTRAINT_PRIMARYKEY")
                || (code == SQLITE_CONSTRAINT && (message.contains("UNIQUE") || message.contains("PRIMARY KEY")));
    }
}
