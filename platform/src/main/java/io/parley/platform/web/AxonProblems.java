package io.parley.platform.web;

import io.axoniq.axonserver.connector.AxonServerException;
import io.parley.api.problem.Rejection;
import io.parley.platform.problem.Outages;
import org.axonframework.common.AxonException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.util.concurrent.CompletionException;

/**
 * Axon's failures and the Axon Server connector's, from every service's endpoints, as {@code application/problem+json}:
 * the rejection behind one (however wrapped: futures, remote handling) keeps its status and type; an outage (Axon
 * Server down, no node handling the command or query, no answer in time) is 503 with {@code Retry-After}; an aggregate
 * that does not exist is 404 {@code not-found}; anything else is a 500 that tells the client nothing.
 * <p>
 * A module that answers one of these its own way (media's unknown media id) does it in a small advice scoped to its
 * packages and ordered before {@link #ORDER}; a module's catch-all for its own endpoints is ordered after it.
 */
@RestControllerAdvice
@Order(AxonProblems.ORDER)
public class AxonProblems {

    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

    private static final Logger log = LoggerFactory.getLogger(AxonProblems.class);

    /** Rejections, remote handling failures and dispatch failures are all AxonExceptions; the connector's are not. */
    @ExceptionHandler({CompletionException.class, AxonException.class, AxonServerException.class})
    ResponseEntity<ProblemDetail> failed(Exception failure) {
        return answer(failure);
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(AggregateNotFoundException failure) {
        return notFound();
    }

    /** How any failure that reached no other handler is answered; {@link UnexpectedProblems} answers the same way. */
    static ResponseEntity<ProblemDetail> answer(Throwable failure) {
        return Outages.rejectionOf(failure).map(rejected -> {
            if (rejected.rejection() == Rejection.SERVICE_UNAVAILABLE) {
                log.warn("Request failed for an outage: {}", String.valueOf(failure));
            }
            return Problems.of(rejected);
        }).orElseGet(() -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof AggregateNotFoundException) {
                return notFound();
            }
            log.error("Request failed unexpectedly", cause);
            return Problems.internalError("Something went wrong on our side");
        });
    }

    private static ResponseEntity<ProblemDetail> notFound() {
        return Problems.of(Rejection.NOT_FOUND, "No such resource");
    }
}
