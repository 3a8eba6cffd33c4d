package io.parley.standalone.eventstore;

import org.axonframework.common.DateTimeUtils;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Axon's JDBC statements that ask for a {@code min} or {@code max}, as the first row of an ordered index scan instead.
 * On an empty match SQLite answers an aggregate with a NULL that its driver cannot hand out as a {@code Long} (Axon
 * reads these columns that way); no row at all is what Axon takes for "none". The index scans are as fast.
 */
final class SqliteStatements {

    private SqliteStatements() {
    }

    static PreparedStatement lastSequenceNumberFor(Connection connection, EventSchema schema, String aggregateIdentifier)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement("SELECT " + schema.sequenceNumberColumn()
                + " FROM " + schema.domainEventTable() + " WHERE " + schema.aggregateIdentifierColumn() + " = ?"
                + " ORDER BY " + schema.sequenceNumberColumn() + " DESC LIMIT 1");
        statement.setString(1, aggregateIdentifier);
        return statement;
    }

    static PreparedStatement createTailToken(Connection connection, EventSchema schema) throws SQLException {
        return connection.prepareStatement("SELECT " + schema.globalIndexColumn() + " - 1 FROM "
                + schema.domainEventTable() + " ORDER BY " + schema.globalIndexColumn() + " ASC LIMIT 1");
    }

    static PreparedStatement createHeadToken(Connection connection, EventSchema schema) throws SQLException {
        return connection.prepareStatement("SELECT " + schema.globalIndexColumn() + " FROM "
                + schema.domainEventTable() + " ORDER BY " + schema.globalIndexColumn() + " DESC LIMIT 1");
    }

    static PreparedStatement createTokenAt(Connection connection, EventSchema schema, Instant dateTime)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement("SELECT " + schema.globalIndexColumn() + " - 1 FROM "
                + schema.domainEventTable() + " WHERE " + schema.timestampColumn() + " >= ?"
                + " ORDER BY " + schema.globalIndexColumn() + " ASC LIMIT 1");
        statement.setString(1, DateTimeUtils.formatInstant(dateTime));
        return statement;
    }

    static PreparedStatement fetchTrackedEvents(Connection connection, EventSchema schema, long index)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement("SELECT " + schema.globalIndexColumn() + " FROM "
                + schema.domainEventTable() + " WHERE " + schema.globalIndexColumn() + " > ?"
                + " ORDER BY " + schema.globalIndexColumn() + " ASC LIMIT 1");
        statement.setLong(1, index);
        return statement;
    }
}
