package io.parley.platform.web;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Whatever no other advice answers, as {@code application/problem+json}, never Spring's default error body: an outage
 * (Axon Server or a service the request needs is down) is 503 {@code service-unavailable} with {@code Retry-After};
 * a rejection keeps its status; anything else is a 500 that tells the client nothing but that it was not their fault
 * (as {@link AxonProblems} answers Axon's failures). Last in line: the services' own advices, {@link AxonProblems},
 * and Boot's handler of Spring MVC's exceptions (order 0), come first.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class UnexpectedProblems {

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception failure) {
        if (failure instanceof ErrorResponse spring) {
            return ResponseEntity.status(spring.getStatusCode()).headers(spring.getHeaders())
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(spring.getBody());
        }
        return AxonProblems.answer(failure);
    }
}
