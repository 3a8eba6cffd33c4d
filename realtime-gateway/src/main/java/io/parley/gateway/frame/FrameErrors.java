package io.parley.gateway.frame;

import io.parley.api.problem.RejectedException;
import io.parley.api.problem.Rejection;
import org.axonframework.modelling.command.AggregateNotFoundException;

/** The error frame for a failure: a client's mistake keeps its REST status and problem type; anything else is a 500. */
public final class FrameErrors {

    private FrameErrors() {
    }

    public static ServerFrame.Error of(String id, Rejection rejection, String detail) {
        return new ServerFrame.Error(id, rejection.status(), rejection.title(), rejection.type().toString(), detail);
    }

    public static ServerFrame.Error of(String id, Throwable failure) {
        return RejectedException.from(failure)
                .map(rejected -> of(id, rejected.rejection(), rejected.getMessage()))
                .orElseGet(() -> notFound(failure)
                        ? of(id, Rejection.CONVERSATION_NOT_FOUND, "No such conversation")
                        : new ServerFrame.Error(id, 500, "Internal error", "about:blank", "Something went wrong on our side"));
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
