package io.parley.query.admin;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.Revision;
import org.axonframework.common.stream.BlockingStream;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import java.util.stream.Stream;

/**
 * Writes the event history as NDJSON, one event per line, straight from the storage engine's stream (read in
 * batches), so memory stays constant however long the history is. Secrets never leave: password and refresh
 * token hashes are dropped from every payload, and message text (sent, edited, or quoted by a reply) is included only
 * when asked for.
 */
@Component
class EventExport {

    /**
     * Events are ordered by global position, and their timestamps are taken before they are committed, so
     * concurrent commits may put a slightly older timestamp after a newer one: reading stops only this far past
     * {@code to}.
     */
    private static final Duration TIMESTAMP_SLACK = Duration.ofMinutes(1);
    private static final Set<String> SECRETS = Set.of("passwordHash", "refreshTokenHash", "previousTokenHash",
            "newTokenHash", "tokenHash");
    private static final String MESSAGE_SENT = "io.parley.api.conversation.MessageSent";
    private static final String MESSAGE_EDITED = "io.parley.api.conversation.MessageEdited";
    private static final int FLUSH_EVERY = 500;

    private final EventStore eventStore;
    private final ObjectProvider<EventStorageEngine> storageEngine;
    private final ObjectMapper json;

    EventExport(EventStore eventStore, ObjectProvider<EventStorageEngine> storageEngine, ObjectMapper json) {
        this.eventStore = eventStore;
        this.storageEngine = storageEngine;
        this.json = json;
    }

    /**
     * The events after {@code start} that are stored now: from the storage engine when this JVM has one (read in
     * batches, ends at the last event), else (Axon Server) from the event stream, up to the head as of now.
     */
    private Stream<? extends TrackedEventMessage<?>> events(TrackingToken start) {
        EventStorageEngine engine = storageEngine.getIfAvailable();
        if (engine != null) {
            return engine.readEvents(start, false);
        }
        long head = TokenPositions.of(eventStore.createHeadToken());
        BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(start);
        Iterator<TrackedEventMessage<?>> upToHead = new Iterator<>() {
            @Override
            public boolean hasNext() {
                try {
                    if (stream.peek().isEmpty() && (head < 0 || !stream.hasNextAvailable(5, TimeUnit.SECONDS))) {
                        return false;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
                return stream.peek().map(e -> e.trackingToken().position().orElse(Long.MAX_VALUE) <= head).orElse(false);
            }

            @Override
            public TrackedEventMessage<?> next() {
                try {
                    return stream.nextAvailable();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(upToHead, Spliterator.ORDERED), false)
                .onClose(stream::close);
    }

    /** {@code from}, {@code to} (inclusive), {@code conversationId} and {@code types} (simple or full names) may be null. */
    record Filter(Instant from, Instant to, String conversationId, Set<String> types, boolean includeContent) {
    }

    long write(Filter filter, OutputStream out) throws IOException {
        TrackingToken start = filter.from() == null ? null : eventStore.createTokenAt(filter.from());
        long written = 0;
        try (Stream<? extends TrackedEventMessage<?>> events = events(start);
             JsonGenerator generator = json.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            generator.setRootValueSeparator(null);
            Iterator<? extends TrackedEventMessage<?>> iterator = events.iterator();
            while (iterator.hasNext()) {
                TrackedEventMessage<?> event = iterator.next();
                Instant timestamp = event.getTimestamp();
                if (filter.to() != null && timestamp.isAfter(filter.to())) {
                    if (timestamp.isAfter(filter.to().plus(TIMESTAMP_SLACK))) {
                        break;
                    }
                    continue;
                }
                if (filter.from() != null && timestamp.isBefore(filter.from()) || !matches(filter, event)) {
                    continue;
                }
                writeLine(generator, event, filter.includeContent());
                generator.writeRaw('\n');
                if (++written % FLUSH_EVERY == 0) {
                    generator.flush();
                }
            }
        }
        return written;
    }

    private static boolean matches(Filter filter, TrackedEventMessage<?> event) {
        if (filter.conversationId() != null && !(event instanceof DomainEventMessage<?> domain
                && filter.conversationId().equals(domain.getAggregateIdentifier()))) {
            return false;
        }
        if (filter.types() != null && !filter.types().isEmpty()) {
            Class<?> type = event.getPayloadType();
            return filter.types().contains(type.getSimpleName()) || filter.types().contains(type.getName());
        }
        return true;
    }

    private void writeLine(JsonGenerator generator, TrackedEventMessage<?> event, boolean includeContent) throws IOException {
        Class<?> type = event.getPayloadType();
        ObjectNode payload = json.valueToTree(event.getPayload());
        SECRETS.forEach(payload::remove);
        if (!includeContent && (MESSAGE_SENT.equals(type.getName()) || MESSAGE_EDITED.equals(type.getName()))) {
            payload.remove("text");
            if (payload.get("replyTo") instanceof ObjectNode quote) {
                quote.remove("text"); // a reply's preview of the message it quotes
            }
        }
        generator.writeStartObject();
        generator.writeNumberField("position", event.trackingToken().position().orElse(-1));
        generator.writeStringField("timestamp", event.getTimestamp().toString());
        if (event instanceof DomainEventMessage<?> domain) {
            generator.writeStringField("aggregateType", domain.getType());
            generator.writeStringField("aggregateId", domain.getAggregateIdentifier());
            generator.writeNumberField("sequence", domain.getSequenceNumber());
        }
        generator.writeStringField("type", type.getName());
        Revision revision = type.getAnnotation(Revision.class);
        generator.writeStringField("revision", revision == null ? null : revision.value());
        generator.writeStringField("eventId", event.getIdentifier());
        generator.writeFieldName("payload");
        generator.writeTree(payload);
        generator.writeEndObject();
    }
}
