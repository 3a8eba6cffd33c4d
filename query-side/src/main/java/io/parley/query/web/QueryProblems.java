package io.parley.query.web;

import io.axoniq.axonserver.connector.AxonServerException;
import io.parley.api.problem.Outages;
import io.parley.api.problem.Rejection;
import org.axonframework.common.AxonException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
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
                .map(rejected -> problem(rejected.rejection(), rejected.getMessage()))
                .orElseGet(() -> unexpected(failure));
    }

    static ResponseEntity<ProblemDetail> problem(Rejection rejection, String detail) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(rejection.status()), detail);
        body.setType(rejection.type());
        body.setTitle(rejection.title());
        ResponseEntity.BodyBuilder response = ResponseEntity.status(rejection.status())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (rejection == Rejection.SERVICE_UNAVAILABLE) {
            response.header(HttpHeaders.RETRY_AFTER, Long.toString(Outages.RETRY_AFTER_SECONDS));
        }
        return response.body(body);
    }

    private ResponseEntity<ProblemDetail> unexpected(Exception failure) {
        log.error("Query failed unexpectedly", failure);
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, "Something went wrong on our side");
        return ResponseEntity.internalServerError().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }
}
