package io.parley.query.projection;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * What a projection collects while its processor handles one batch of events, written out in one go when the
 * batch's unit of work prepares to commit: before the processor's token is committed, so a failed write rolls
 * the token back and the batch is delivered again. Token and read model are not written atomically, so every
 * projection must leave the same documents when a batch, or part of one, is handled twice.
 */
public interface Batch {

    /** The payloads of the events of the current batch, to read what they will need in one go. */
    static List<Object> payloads() {
        return messages().stream().<Object>map(Message::getPayload).toList();
    }

    /** The events of the current batch. */
    static List<? extends Message<?>> messages() {
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        if (unitOfWork instanceof BatchingUnitOfWork<?> batch) {
            return batch.getMessages();
        }
        return List.of(unitOfWork.getMessage());
    }

    /** Writes out everything collected; called once, at the end of the batch. */
    void flush();

    /**
     * The batch of the current unit of work under {@code key}, created and registered for flushing on first use; the
     * flush is timed by {@code flushes} ({@link #flushTimer}).
     */
    @SuppressWarnings("unchecked")
    static <B extends Batch> B current(String key, Supplier<B> factory, Timer flushes) {
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        return (B) unitOfWork.getOrComputeResource(key, ignored -> {
            B batch = factory.get();
            unitOfWork.onPrepareCommit(uow -> flushes.record(batch::flush));
            return batch;
        });
    }

    /** {@code parley.readmodel.write}: how long a processor's batches take to write out to the read-model store. */
    static Timer flushTimer(MeterRegistry registry, String processingGroup) {
        return Timer.builder("parley.readmodel.write")
                .description("One projection batch's writes to the read-model store")
                .tag("processor", processingGroup)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
    }
}
