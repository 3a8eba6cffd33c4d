package io.parley.query.projection;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.function.Supplier;

/**
 * What a projection collects while its processor handles one batch of events, written out in one go when the
 * batch's unit of work prepares to commit: before the processor's token is committed, so a failed write rolls
 * the token back and the batch is delivered again. Token and read model are not written atomically, so every
 * projection must leave the same documents when a batch, or part of one, is handled twice.
 */
public interface Batch {

    /** Writes out everything collected; called once, at the end of the batch. */
    void flush();

    /** The batch of the current unit of work under {@code key}, created and registered for flushing on first use. */
    @SuppressWarnings("unchecked")
    static <B extends Batch> B current(String key, Supplier<B> factory) {
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        return (B) unitOfWork.getOrComputeResource(key, ignored -> {
            B batch = factory.get();
            unitOfWork.onPrepareCommit(uow -> batch.flush());
            return batch;
        });
    }
}
