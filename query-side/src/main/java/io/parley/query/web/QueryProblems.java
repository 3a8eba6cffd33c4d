package io.parley.query.web;

import io.axoniq.axonserver.connector.AxonServerException;
import io.parley.platform.problem.Outages;
import io.parley.platform.web.Problems;
import org.axonframework.common.AxonException;
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
 * Turns the query side's rejections into {@code application/problem+json}, and outages (Axon Server down, for the
 * admin endpoints that read the event store) into 503 with {@code Retry-After}; Spring's own errors are Boot's.
 */
@RestControllerAdvice(basePackages = "io.parley.query")
@Order(Ordered.HIGHEST_PRECEDENCE)
class QueryProblems {

    private static final Logger log = LoggerFactory.getLogger(QueryProblems.class);

    /** Rejections and the event store's failures are AxonExceptions; the Axon Server connector's own are not. */
    @ExceptionHandler({CompletionException.class, AxonException.class, AxonServerException.class})
    ResponseEntity<ProblemDetail> rejected(Exception failure) {
        return Outages.rejectionOf(failure)
                .map(Problems::of)
                .orElseGet(() -> unexpected(failure));
    }

    private ResponseEntity<ProblemDetail> unexpected(Exception failure) {
        log.error("Query failed unexpectedly", failure);
        return Problems.internalError("Something went wrong on our side");
    }
}
