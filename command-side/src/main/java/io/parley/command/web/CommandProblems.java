package io.parley.command.web;

import io.axoniq.axonserver.connector.AxonServerException;
import io.parley.platform.problem.Outages;
import io.parley.api.problem.Rejection;
import io.parley.platform.web.Problems;
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
 * Turns the command side's rejections into {@code application/problem+json}, and outages (Axon Server down, no node
 * handling the command) into 503 with {@code Retry-After}; Spring's own errors are Boot's.
 */
@RestControllerAdvice(basePackages = "io.parley.command")
@Order(Ordered.HIGHEST_PRECEDENCE)
class CommandProblems {

    private static final Logger log = LoggerFactory.getLogger(CommandProblems.class);

    /** Rejections, remote handling failures and dispatch failures are all AxonExceptions; the connector's are not. */
    @ExceptionHandler({CompletionException.class, AxonException.class, AxonServerException.class})
    ResponseEntity<ProblemDetail> rejected(Exception failure) {
        return Outages.rejectionOf(failure)
                .map(Problems::of)
                .orElseGet(() -> unexpected(failure));
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(AggregateNotFoundException failure) {
        return Problems.of(Rejection.NOT_FOUND, "No such resource");
    }

    private ResponseEntity<ProblemDetail> unexpected(Exception failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof AggregateNotFoundException notFound) {
            return notFound(notFound);
        }
        log.error("Command failed unexpectedly", cause);
        return Problems.internalError("Something went wrong on our side");
    }
}
