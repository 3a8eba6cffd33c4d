package io.parley.media.web;

import io.axoniq.axonserver.connector.AxonServerException;
import io.parley.api.problem.Outages;
import io.parley.api.problem.RejectedException;
import io.parley.api.problem.Rejection;
import io.parley.media.storage.StorageUnavailableException;
import io.parley.media.upload.TooManyPendingUploadsException;
import org.axonframework.common.AxonException;
import org.axonframework.modelling.command.AggregateNotFoundException;
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
 * Turns the media endpoints' rejections into {@code application/problem+json}, and outages (Axon Server or object
 * storage down) into 503 with {@code Retry-After}; Spring's own errors are Boot's.
 */
@RestControllerAdvice(basePackages = "io.parley.media")
@Order(Ordered.HIGHEST_PRECEDENCE)
class MediaProblems {

    private static final Logger log = LoggerFactory.getLogger(MediaProblems.class);

    /** Rejections, remote handling failures and dispatch failures are all AxonExceptions; the connector's are not. */
    @ExceptionHandler({CompletionException.class, AxonException.class, AxonServerException.class})
    ResponseEntity<ProblemDetail> rejected(Exception failure) {
        return Outages.rejectionOf(failure)
                .map(rejected -> problem(rejected.rejection(), rejected.getMessage()))
                .orElseGet(() -> unexpected(failure));
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(AggregateNotFoundException failure) {
        return problem(Rejection.NOT_FOUND, "No such media");
    }

    @ExceptionHandler(TooManyPendingUploadsException.class)
    ResponseEntity<ProblemDetail> tooManyPending(TooManyPendingUploadsException failure) {
        ResponseEntity<ProblemDetail> problem = problem(failure.rejection(), failure.getMessage());
        return ResponseEntity.status(problem.getStatusCode()).headers(problem.getHeaders())
                .header(HttpHeaders.RETRY_AFTER, Long.toString(failure.retryAfterSeconds())).body(problem.getBody());
    }

    @ExceptionHandler(StorageUnavailableException.class)
    ResponseEntity<ProblemDetail> storageUnavailable(StorageUnavailableException failure) {
        log.error("Object storage failed", failure);
        RejectedException unavailable = Outages.unavailable("Storage is unavailable");
        return problem(unavailable.rejection(), unavailable.getMessage());
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
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof AggregateNotFoundException notFound) {
            return notFound(notFound);
        }
        log.error("Media request failed unexpectedly", cause);
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, "Something went wrong on our side");
        return ResponseEntity.internalServerError().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }
}
