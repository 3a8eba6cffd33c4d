package io.parley.query.web;

import io.parley.api.problem.RejectedException;
import io.parley.api.problem.Rejection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.util.concurrent.CompletionException;

/** Turns the query side's rejections into {@code application/problem+json}; Spring's own errors are Boot's. */
@RestControllerAdvice(basePackages = "io.parley.query")
@Order(Ordered.HIGHEST_PRECEDENCE)
class QueryProblems {

    private static final Logger log = LoggerFactory.getLogger(QueryProblems.class);

    @ExceptionHandler({RejectedException.class, CompletionException.class})
    ResponseEntity<ProblemDetail> rejected(Exception failure) {
        return RejectedException.from(failure)
                .map(rejected -> problem(rejected.rejection(), rejected.getMessage()))
                .orElseGet(() -> unexpected(failure));
    }

    static ResponseEntity<ProblemDetail> problem(Rejection rejection, String detail) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(rejection.status()), detail);
        body.setType(rejection.type());
        body.setTitle(rejection.title());
        return ResponseEntity.status(rejection.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }

    private ResponseEntity<ProblemDetail> unexpected(Exception failure) {
        log.error("Query failed unexpectedly", failure);
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, "Something went wrong on our side");
        return ResponseEntity.internalServerError().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }
}
