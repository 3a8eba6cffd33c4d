package io.parley.api.problem;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.messaging.HandlerExecutionException;

import java.util.Optional;

/**
 * A request turned down for a reason the client can fix. Thrown by command handlers and web endpoints alike;
 * the {@link Rejection} travels as the exception's details, so it survives the trip through Axon Server too.
 */
public class RejectedException extends CommandExecutionException {

    private final Rejection rejection;

    public RejectedException(Rejection rejection, String detail) {
        super(detail, null, rejection.name());
        this.rejection = rejection;
    }

    public Rejection rejection() {
        return rejection;
    }

    /** Finds the rejection behind a failure, however it was wrapped (futures, remote command handling). */
    public static Optional<RejectedException> from(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RejectedException rejected) {
                return Optional.of(rejected);
            }
            if (t instanceof HandlerExecutionException remote) {
                Optional<RejectedException> fromDetails = remote.getDetails()
                        .map(String::valueOf)
                        .flatMap(RejectedException::rejectionNamed)
                        .map(r -> new RejectedException(r, remote.getMessage()));
                if (fromDetails.isPresent()) {
                    return fromDetails;
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return Optional.empty();
    }

    private static Optional<Rejection> rejectionNamed(String name) {
        try {
            return Optional.of(Rejection.valueOf(name));
        } catch (IllegalArgumentException notOurs) {
            return Optional.empty();
        }
    }
}
