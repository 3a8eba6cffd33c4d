package io.parley.platform.problem;

import io.parley.api.problem.RejectedException;
import io.parley.api.problem.Rejection;
import io.grpc.Status;
import org.axonframework.axonserver.connector.AxonServerException;
import org.axonframework.axonserver.connector.ErrorCode;
import org.axonframework.axonserver.connector.query.AxonServerQueryDispatchException;
import org.axonframework.commandhandling.NoHandlerForCommandException;
import org.axonframework.commandhandling.distributed.CommandDispatchException;
import org.axonframework.queryhandling.NoHandlerForQueryException;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Failures that mean "try again", not "bug": Axon Server cannot be reached (its connector's errors, or gRPC's
 * UNAVAILABLE and DEADLINE_EXCEEDED under the event store's), no node handles the command or query right now (the
 * service that does is down or restarting), or it did not answer in time. Clients get 503
 * {@link Rejection#SERVICE_UNAVAILABLE} with a {@code Retry-After} of {@link #RETRY_AFTER_SECONDS}; a send retried
 * with the same clientMessageId is safe.
 */
public final class Outages {

    /** A few seconds: Axon Server reconnects within seconds, and a restarted service subscribes its handlers at once. */
    public static final long RETRY_AFTER_SECONDS = 3;

    /** Axon Server refusing a message for its size is no outage: retrying it fails the same way. */
    private static final Set<ErrorCode> NOT_TRANSIENT = Set.of(ErrorCode.EVENT_PAYLOAD_TOO_LARGE,
            ErrorCode.GRPC_MESSAGE_TOO_LARGE);

    private Outages() {
    }

    /** A rejection to answer with when a service this one needs is down; {@code detail} says which, never why. */
    public static RejectedException unavailable(String detail) {
        return Rejection.SERVICE_UNAVAILABLE.exception(detail + "; try again in a few seconds");
    }

    /**
     * How the client should see {@code failure}: the rejection behind it (however wrapped), else
     * {@link Rejection#SERVICE_UNAVAILABLE} when it is an outage, else nothing (a bug: a 500).
     */
    public static Optional<RejectedException> rejectionOf(Throwable failure) {
        Optional<RejectedException> rejected = RejectedException.from(failure);
        if (rejected.isPresent() || !isOutage(failure)) {
            return rejected;
        }
        return Optional.of(unavailable("A service this request needs is unavailable"));
    }

    public static boolean isOutage(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof AxonServerException axonServer) {
                return !NOT_TRANSIENT.contains(axonServer.errorCode());
            }
            if (t instanceof io.axoniq.axonserver.connector.AxonServerException
                    || t instanceof CommandDispatchException || t instanceof AxonServerQueryDispatchException
                    || t instanceof NoHandlerForCommandException || t instanceof NoHandlerForQueryException
                    || t instanceof TimeoutException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        // the event store passes gRPC's own failure on (wrapped in a "non-transient" EventStoreException)
        Status.Code grpc = Status.fromThrowable(failure).getCode();
        return grpc == Status.Code.UNAVAILABLE || grpc == Status.Code.DEADLINE_EXCEEDED;
    }
}
