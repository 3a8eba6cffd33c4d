package io.parley.standalone.backup;

import io.parley.api.problem.RejectedException;
import io.parley.platform.web.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The backup endpoint's rejections (403, 409) as {@code application/problem+json}; a backup that could not be written
 * (a full disk, say) is the server's failure: logged, and a 500 problem without the details.
 */
@RestControllerAdvice(basePackages = "io.parley.standalone.backup")
@Order(Ordered.HIGHEST_PRECEDENCE)
class BackupProblems {

    private static final Logger log = LoggerFactory.getLogger(BackupProblems.class);

    @ExceptionHandler(RejectedException.class)
    ResponseEntity<ProblemDetail> rejected(RejectedException rejected) {
        return Problems.of(rejected);
    }

    @ExceptionHandler(RuntimeException.class)
    ResponseEntity<ProblemDetail> failed(RuntimeException failure) {
        log.error("The backup failed", failure);
        return Problems.internalError("The backup could not be written; the server's log says why");
    }
}
