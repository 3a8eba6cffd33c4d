package io.parley.standalone.backup;

import io.parley.platform.web.AxonProblems;
import io.parley.platform.web.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A backup that could not be written (a full disk, say) is the server's failure: logged, and a 500 problem without the
 * details. After {@link AxonProblems}, which answers the endpoint's rejections (403, 409) with their status.
 */
@RestControllerAdvice(basePackages = "io.parley.standalone.backup")
@Order(AxonProblems.ORDER + 1)
class BackupFailures {

    private static final Logger log = LoggerFactory.getLogger(BackupFailures.class);

    @ExceptionHandler(RuntimeException.class)
    ResponseEntity<ProblemDetail> failed(RuntimeException failure) {
        log.error("The backup failed", failure);
        return Problems.internalError("The backup could not be written; the server's log says why");
    }
}
