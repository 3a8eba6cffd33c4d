package io.parley.standalone.eventstore;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.TimestampWriter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * The event tables as Hibernate creates them from Axon's JPA entities (see {@code META-INF/orm.xml}), written and read
 * through Axon's JDBC storage: the file the JPA storage wrote before, with one batched insert per group commit
 * instead of Hibernate's entity insert and a sequence query per event.
 */
final class EventTables {

    static final EventSchema SCHEMA = EventSchema.builder()
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

    /** The global index comes from the sequence Hibernate used, one at a time, as the column has no default. */
    private static final String INSERT = "INSERT INTO " + SCHEMA.domainEventTable() + " ("
            + SCHEMA.globalIndexColumn() + ", " + SCHEMA.domainEventFields()
            + ") VALUES (NEXT VALUE FOR global_index_seq, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private EventTables() {
    }

    /** One batched insert of the events, in order (Axon's own statement, but for the global index). */
    static PreparedStatement append(Connection connection, EventSchema schema, Class<?> dataType,
                                    List<? extends EventMessage<?>> events, Serializer serializer,
                                    TimestampWriter timestampWriter) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(INSERT);
        for (EventMessage<?> message : events) {
            DomainEventMessage<?> event = message instanceof DomainEventMessage<?> domain ? domain
                    : new GenericDomainEventMessage<>(null, message.getIdentifier(), 0L, message, message::getTimestamp);
            SerializedObject<?> payload = event.serializePayload(serializer, dataType);
            SerializedObject<?> metaData = event.serializeMetaData(serializer, dataType);
            statement.setString(1, event.getIdentifier());
            statement.setString(2, event.getAggregateIdentifier());
            statement.setLong(3, event.getSequenceNumber());
            statement.setString(4, event.getType());
            timestampWriter.writeTimestamp(statement, 5, event.getTimestamp());
            statement.setString(6, payload.getType().getName());
            statement.setString(7, payload.getType().getRevision());
            statement.setObject(8, payload.getData());
            statement.setObject(9, metaData.getData());
            statement.addBatch();
        }
        return statement;
    }
}
