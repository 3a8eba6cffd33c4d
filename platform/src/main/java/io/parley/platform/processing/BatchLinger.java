package io.parley.platform.processing;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.time.Duration;

/**
 * Lets events gather between the batches of a tracking processor, as a producer's linger does: after a batch
 * smaller than {@code fullBatch} the processor's thread waits {@code linger} before it takes the next one.
 * Without it, events that trickle in one at a time cost a token commit and a read-model commit each; with it,
 * one per linger period, for at most that much more lag. A full batch means a backlog, which is worked off
 * without pausing.
 */
public final class BatchLinger implements MessageHandlerInterceptor<EventMessage<?>> {

    private static final String REGISTERED = BatchLinger.class.getName();

    private final long lingerMillis;
    private final int fullBatch;

    public BatchLinger(Duration linger, int fullBatch) {
        this.lingerMillis = linger.toMillis();
        this.fullBatch = fullBatch;
    }

    @Override
    public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain interceptorChain)
            throws Exception {
        UnitOfWork<?> batch = unitOfWork.root();
        batch.getOrComputeResource(REGISTERED, key -> {
            batch.onCleanup(this::pauseAfter);
            return Boolean.TRUE;
        });
        return interceptorChain.proceed();
    }

    private void pauseAfter(UnitOfWork<?> batch) {
        int size = batch instanceof BatchingUnitOfWork<?> messages ? messages.getMessages().size() : 1;
        if (lingerMillis <= 0 || size >= fullBatch) {
            return;
        }
        try {
            Thread.sleep(lingerMillis);
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        }
    }
}
