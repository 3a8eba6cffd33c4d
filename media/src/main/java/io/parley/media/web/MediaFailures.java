package io.parley.media.web;

import io.parley.api.problem.Rejection;
import io.parley.media.storage.StorageUnavailableException;
import io.parley.media.upload.TooManyPendingUploadsException;
import io.parley.platform.problem.Outages;
import io.parley.platform.web.AxonProblems;
import io.parley.platform.web.Problems;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The media endpoints' own failures as {@code application/problem+json}: an unknown media id (also inside a future),
 * too many pending uploads (429 with {@code Retry-After}), object storage down (503 with {@code Retry-After}). Ahead of
 * {@link AxonProblems}, which answers Axon's other failures.
 */
@RestControllerAdvice(basePackages = "io.parley.media")
@Order(Ordered.HIGHEST_PRECEDENCE)
class MediaFailures {

    private static final Logger log = LoggerFactory.getLogger(MediaFailures.class);

    @ExceptionHandler(AggregateNotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(AggregateNotFoundException failure) {
        return Problems.of(Rejection.NOT_FOUND, "No such media");
    }

    @ExceptionHandler(TooManyPendingUploadsException.class)
    ResponseEntity<ProblemDetail> tooManyPending(TooManyPendingUploadsException failure) {
        return Problems.of(failure.rejection(), failure.getMessage(), failure.retryAfterSeconds());
    }

    @ExceptionHandler(StorageUnavailableException.class)
    ResponseEntity<ProblemDetail> storageUnavailable(StorageUnavailableException failure) {
        log.error("Object storage failed", failure);
        return Problems.of(Outages.unavailable("Storage is unavailable"));
    }
}
