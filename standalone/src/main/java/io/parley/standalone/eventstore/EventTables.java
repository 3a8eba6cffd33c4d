package io.parley.standalone.eventstore;

import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The tables of the event store on SQLite, with the table and column names the JPA entities of earlier builds had
 * (so that a take-over copies column to column). Axon's JDBC storage writes and reads them with its own statements.
 */
final class EventTables {

    static final EventSchema EVENTS = EventSchema.builder()
            .eventTable("domain_event_entry")
            .snapshotTable("snapshot_event_entry")
            .globalIndexColumn("global_index")
            .timestampColumn("time_stamp")
            .eventIdentifierColumn("event_identifier")
            .aggregateIdentifierColumn("aggregate_identifier")
            .sequenceNumberColumn("sequence_number")
            .typeColumn("type")
            .payloadTypeColumn("payload_type")
            .payloadRevisionColumn("payload_revision")
            .payloadColumn("payload")
            .metaDataColumn("meta_data")
            .build();

    static final TokenSchema TOKENS = TokenSchema.builder()
            .setTokenTable("token_entry")
            .setProcessorNameColumn("processor_name")
            .setSegmentColumn("segment")
            .setTokenColumn("token")
            .setTokenTypeColumn("token_type")
            .setTimestampColumn("timestamp")
            .setOwnerColumn("owner")
            .build();

    /**
     * The global index is the table's rowid: an insert that does not name it gets the highest one plus one. Events are
     * never deleted and one thread appends (the group commit), so the index is gapless and in commit order; a rolled
     * back insert leaves no gap either.
     */
    private static final String CREATE_EVENTS = """
            CREATE TABLE IF NOT EXISTS domain_event_entry (
                global_index INTEGER PRIMARY KEY,
                event_identifier TEXT NOT NULL UNIQUE,
                aggregate_identifier TEXT NOT NULL,
                sequence_number INTEGER NOT NULL,
                type TEXT,
                time_stamp TEXT NOT NULL,
                payload_type TEXT NOT NULL,
                payload_revision TEXT,
                payload BLOB NOT NULL,
                meta_data BLOB,
                UNIQUE (aggregate_identifier, sequence_number))""";

    private static final String CREATE_SNAPSHOTS = """
            CREATE TABLE IF NOT EXISTS snapshot_event_entry (
                aggregate_identifier TEXT NOT NULL,
                sequence_number INTEGER NOT NULL,
                type TEXT NOT NULL,
                event_identifier TEXT NOT NULL UNIQUE,
                time_stamp TEXT NOT NULL,
                payload_type TEXT NOT NULL,
                payload_revision TEXT,
                payload BLOB NOT NULL,
                meta_data BLOB,
                PRIMARY KEY (aggregate_identifier, sequence_number, type))""";

    private static final String CREATE_TOKENS = """
            CREATE TABLE IF NOT EXISTS token_entry (
                processor_name TEXT NOT NULL,
                segment INTEGER NOT NULL,
                token BLOB,
                token_type TEXT,
                timestamp TEXT,
                owner TEXT,
                PRIMARY KEY (processor_name, segment))""";

    private EventTables() {
    }

    static void createEventTables(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(CREATE_EVENTS);
            statement.execute(CREATE_SNAPSHOTS);
        }
    }

    static void createTokenTable(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(CREATE_TOKENS);
        }
    }
}
