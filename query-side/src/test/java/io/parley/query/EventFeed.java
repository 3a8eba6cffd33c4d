package io.parley.query;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Sorts;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import com.mongodb.event.CommandSucceededEvent;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedDomainEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real (in-memory) MongoDB wire-protocol server and an event history, delivered to projectors in batches the
 * way a tracking processor does: one batching unit of work per batch, events carrying their global position.
 */
public final class EventFeed implements AutoCloseable {

    private final MongoServer server = new MongoServer(new MemoryBackend());
    private final MongoClient client;
    public final MongoTemplate mongo;
    private final List<TrackedEventMessage<?>> history = new ArrayList<>();

    private volatile Runnable afterEachWrite = () -> { };
    private final List<Throwable> afterEachWriteFailures = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> writesByCollection = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Integer> readsByCollection = new java.util.concurrent.ConcurrentHashMap<>();

    public EventFeed() {
        client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(server.bindAndGetConnectionString()))
                .addCommandListener(new AfterEachWrite())
                .build());
        mongo = new MongoTemplate(client, "test");
    }

    /**
     * Runs the check after every write command from now on, where a reader could look in between two writes of a
     * batch. The driver does not let a listener's exception through: what the check throws is kept for
     * {@link #afterEachWriteFailures}.
     */
    public void afterEachWrite(Runnable check) {
        afterEachWrite = check;
    }

    public List<Throwable> afterEachWriteFailures() {
        return afterEachWriteFailures;
    }

    /** Appends an event to the history; returns its global position. */
    public long add(Object event, Instant at) {
        long position = history.size();
        EventMessage<?> message = new GenericEventMessage<>(GenericEventMessage.asEventMessage(event), () -> at);
        history.add(new GenericTrackedEventMessage<>(new GlobalSequenceTrackingToken(position), message));
        return position;
    }

    /** Appends an event an aggregate applied, with its type, id and sequence number; returns its global position. */
    public long addApplied(String aggregateType, String aggregateId, long sequence, Object event, Instant at) {
        long position = history.size();
        DomainEventMessage<?> message = new GenericDomainEventMessage<>(aggregateType, aggregateId, sequence, event,
                MetaData.emptyInstance(), UUID.randomUUID().toString(), at);
        history.add(new GenericTrackedDomainEventMessage<>(new GlobalSequenceTrackingToken(position), message));
        return position;
    }

    public int size() {
        return history.size();
    }

    /** Delivers events {@code from} (inclusive) to {@code to} (exclusive) in batches of {@code batchSize}. */
    public void deliver(Object projector, int from, int to, int batchSize) {
        AnnotationEventHandlerAdapter adapter = new AnnotationEventHandlerAdapter(projector);
        for (int start = from; start < to; start += batchSize) {
            List<TrackedEventMessage<?>> batch = history.subList(start, Math.min(to, start + batchSize));
            BatchingUnitOfWork<EventMessage<?>> unitOfWork = new BatchingUnitOfWork<>(new ArrayList<>(batch));
            var result = unitOfWork.executeWithResult(() -> {
                adapter.handle(unitOfWork.getMessage());
                return null;
            });
            if (result.isExceptional()) {
                throw new IllegalStateException("batch failed", result.exceptionResult());
            }
        }
    }

    public void deliverAll(Object projector, int batchSize) {
        deliver(projector, 0, history.size(), batchSize);
    }

    /** Every document of these collections, as JSON, by collection and id. */
    public Map<String, List<String>> dump(List<String> collections) {
        Map<String, List<String>> dump = new LinkedHashMap<>();
        for (String collection : collections) {
            List<String> docs = new ArrayList<>();
            for (Document doc : mongo.getDb().getCollection(collection).find().sort(Sorts.ascending("_id"))) {
                docs.add(doc.toJson());
            }
            dump.put(collection, docs);
        }
        return dump;
    }

    /** How many write commands went to the collection so far. */
    public int writesTo(String collection) {
        return writesByCollection.getOrDefault(collection, 0);
    }

    /** How many queries ({@code find} commands) went to each collection so far. */
    public Map<String, Integer> readsByCollection() {
        return Map.copyOf(readsByCollection);
    }

    private final class AfterEachWrite implements CommandListener {

        private static final Set<String> WRITES = Set.of("insert", "update", "delete");

        @Override
        public void commandStarted(CommandStartedEvent event) {
            if (WRITES.contains(event.getCommandName())) {
                writesByCollection.merge(event.getCommand().getString(event.getCommandName()).getValue(), 1,
                        Integer::sum);
            }
            if ("find".equals(event.getCommandName())) {
                readsByCollection.merge(event.getCommand().getString("find").getValue(), 1, Integer::sum);
            }
        }

        @Override
        public void commandSucceeded(CommandSucceededEvent event) {
            if (WRITES.contains(event.getCommandName())) {
                try {
                    afterEachWrite.run();
                } catch (Throwable failure) {
                    afterEachWriteFailures.add(failure);
                }
            }
        }
    }

    @Override
    public void close() {
        client.close();
        server.shutdownNow();
    }
}
