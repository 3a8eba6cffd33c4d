package io.parley.platform.web;

import io.parley.platform.limits.TooManyRequestsException;
import io.parley.platform.problem.Outages;
import io.parley.api.problem.RejectedException;
import io.parley.api.problem.Rejection;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * The {@code application/problem+json} answers of every service's exception advice: a rejection's status, type and
 * title, and {@code Retry-After} where there is a time to come back (a 503 outage, a limit that frees up).
 */
public final class Problems {

    /** A read model that missed a token's wait is usually there within a second more. */
    public static final long NOT_CAUGHT_UP_RETRY_AFTER_SECONDS = 1;

    private Problems() {
    }

    public static ResponseEntity<ProblemDetail> of(RejectedException rejected) {
        return rejected instanceof TooManyRequestsException tooMany
                ? of(rejected.rejection(), rejected.getMessage(), tooMany.retryAfterSeconds())
                : of(rejected.rejection(), rejected.getMessage());
    }

    /**
     * With {@code Retry-After} for a {@link Rejection#SERVICE_UNAVAILABLE} (an outage is worth trying again) and a
     * {@link Rejection#NOT_CAUGHT_UP} (the read model is about to take what the client waits for).
     */
    public static ResponseEntity<ProblemDetail> of(Rejection rejection, String detail) {
        return switch (rejection) {
            case SERVICE_UNAVAILABLE -> of(rejection, detail, Outages.RETRY_AFTER_SECONDS);
            case NOT_CAUGHT_UP -> of(rejection, detail, NOT_CAUGHT_UP_RETRY_AFTER_SECONDS);
            default -> response(rejection).body(body(rejection, detail));
        };
    }

    public static ResponseEntity<ProblemDetail> of(Rejection rejection, String detail, long retryAfterSeconds) {
        return response(rejection).header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds))
                .body(body(rejection, detail));
    }

    /** The server's own failure, with nothing in it for the client but that it was not their fault. */
    public static ResponseEntity<ProblemDetail> internalError(String detail) {
        return ResponseEntity.internalServerError().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, detail));
    }

    private static ResponseEntity.BodyBuilder response(Rejection rejection) {
        return ResponseEntity.status(rejection.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    private static ProblemDetail body(Rejection rejection, String detail) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(rejection.status()), detail);
        body.setType(rejection.type());
        body.setTitle(rejection.title());
        return body;
    }
}
