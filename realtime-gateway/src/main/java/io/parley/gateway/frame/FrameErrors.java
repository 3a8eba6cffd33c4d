package io.parley.gateway.frame;

import io.parley.platform.problem.Outages;
import io.parley.api.problem.Rejection;
import org.axonframework.modelling.command.AggregateNotFoundException;

/**
 * The error frame for a failure: a client's mistake keeps its REST status and problem type; an outage (Axon Server or
 * the command side down) is 503 {@code service-unavailable} with {@code retryAfter}, as over REST; anything else a 500.
 */
public final class FrameErrors {

    private FrameErrors() {
    }

    public static ServerFrame.Error of(String id, Rejection rejection, String detail) {
        Long retryAfter = rejection == Rejection.SERVICE_UNAVAILABLE ? Outages.RETRY_AFTER_SECONDS : null;
        return new ServerFrame.Error(id, rejection.status(), rejection.title(), rejection.type().toString(), detail,
                retryAfter);
    }

    public static ServerFrame.Error of(String id, Throwable failure) {
        return Outages.rejectionOf(failure)
                .map(rejected -> of(id, rejected.rejection(), rejected.getMessage()))
                .orElseGet(() -> notFound(failure)
                        ? of(id, Rejection.CONVERSATION_NOT_FOUND, "No such conversation")
                        : new ServerFrame.Error(id, 500, "Internal error", "about:blank", "Something went wrong on our side",
                        null));
    }

    private static boolean notFound(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof AggregateNotFoundException) {
                return true;
            }
        }
        return false;
    }
}
