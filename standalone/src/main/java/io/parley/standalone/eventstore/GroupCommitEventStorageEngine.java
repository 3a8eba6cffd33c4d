package io.parley.standalone.eventstore;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Group commit: the events of concurrent commands are written by one thread, many commands per transaction, and
 * each caller returns only once the transaction holding its events has committed. Durability is unchanged (every
 * commit is written before anyone hears "stored"); the cost of a commit is shared by everyone in it.
 * <p>
 * Every append goes through the one writer, also from a caller inside a transaction of its own (an event processor
 * whose handler sends a command): the global index is then handed out in commit order, so no event ever becomes
 * visible behind one with a higher index. With appends committed by other transactions, a tracking processor could
 * see index n+1 before n, and would hand n's handlers a token whose position is n+1. A batch that fails is retried
 * one append at a time, so that only the append at fault (e.g. a duplicate aggregate stream) fails.
 */
public final class GroupCommitEventStorageEngine implements EventStorageEngine, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GroupCommitEventStorageEngine.class);

    private final EventStorageEngine delegate;
    private final TransactionManager transactionManager;
    private final int maxBatch;
    private final BlockingQueue<Append> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean running = true;

    public GroupCommitEventStorageEngine(EventStorageEngine delegate, TransactionManager transactionManager, int maxBatch) {
        this.delegate = delegate;
        this.transactionManager = transactionManager;
        this.maxBatch = maxBatch;
        this.writer = new Thread(this::writeUntilClosed, "parley-event-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    private record Append(List<? extends EventMessage<?>> events, CompletableFuture<Void> stored) {
    }

    @Override
    public void appendEvents(List<? extends EventMessage<?>> events) {
        if (events.isEmpty()) {
            return;
        }
        if (!running) {
            throw new IllegalStateException("The event store is shutting down");
        }
        Append append = new Append(events, new CompletableFuture<>());
        queue.add(append);
        try {
            append.stored().join();
        } catch (CompletionException failed) {
            throw failed.getCause() instanceof RuntimeException cause ? cause : failed;
        }
    }

    private void writeUntilClosed() {
        List<Append> batch = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            try {
                Append first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                commit(batch);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                running = false;
            } finally {
                batch.clear();
            }
        }
    }

    private void commit(List<Append> batch) {
        try {
            List<EventMessage<?>> events = new ArrayList<>();
            batch.forEach(append -> events.addAll(append.events()));
            transactionManager.executeInTransaction(() -> delegate.appendEvents(events));
            batch.forEach(append -> append.stored().complete(null));
        } catch (RuntimeException | Error failure) {
            if (batch.size() == 1) {
                batch.get(0).stored().completeExceptionally(failure);
            } else {
                log.warn("A commit of {} appends failed, retrying them one at a time: {}", batch.size(),
                        failure.toString());
                batch.forEach(append -> commit(List.of(append)));
            }
        }
    }

    /** Stops taking appends, writes what is queued, and ends the writer thread. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        writer.join(TimeUnit.SECONDS.toMillis(30));
    }

    @Override
    public void storeSnapshot(DomainEventMessage<?> snapshot) {
        delegate.storeSnapshot(snapshot);
    }

    @Override
    public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken trackingToken, boolean mayBlock) {
        return delegate.readEvents(trackingToken, mayBlock);
    }

    @Override
    public DomainEventStream readEvents(String aggregateIdentifier, long firstSequenceNumber) {
        return delegate.readEvents(aggregateIdentifier, firstSequenceNumber);
    }

    @Override
    public Optional<DomainEventMessage<?>> readSnapshot(String aggregateIdentifier) {
        return delegate.readSnapshot(aggregateIdentifier);
    }

    @Override
    public Optional<Long> lastSequenceNumberFor(String aggregateIdentifier) {
        return delegate.lastSequenceNumberFor(aggregateIdentifier);
    }

    @Override
    public TrackingToken createTailToken() {
        return delegate.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return delegate.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return delegate.createTokenAt(dateTime);
    }
}
