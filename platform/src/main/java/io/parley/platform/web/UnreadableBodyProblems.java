package io.parley.platform.web;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.parley.api.problem.Rejection;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.util.stream.Collectors;

/**
 * A request body that is not JSON, or not of the JSON types the endpoint takes ({@link StrictJson}), is an
 * {@code invalid-request} problem naming the field, never echoing the input. A body that is JSON of the right types
 * but breaks its constraints is {@link ConstraintProblems}'.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class UnreadableBodyProblems {

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException failure) {
        Rejection rejection = Rejection.INVALID_REQUEST;
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(rejection.status()), detail(failure));
        body.setType(rejection.type());
        body.setTitle(rejection.title());
        return ResponseEntity.status(rejection.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }

    private static String detail(HttpMessageNotReadableException failure) {
        if (failure.getCause() instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()
                && mismatch.getTargetType() != null) {
            return field(mismatch) + " must be " + jsonType(mismatch.getTargetType());
        }
        if (failure.getCause() instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return field(mapping) + " has an invalid value";
        }
        return "The request body is missing or is not valid JSON";
    }

    private static String field(JsonMappingException failure) {
        return failure.getPath().stream()
                .map(reference -> reference.getFieldName() != null ? reference.getFieldName() : "[" + reference.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String jsonType(Class<?> type) {
        if (type == String.class || type.isEnum()) {
            return "a JSON string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == Long.class || type == long.class || type == Integer.class || type == int.class
                || type == Short.class || type == short.class) {
            return "a JSON integer";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a JSON number";
        }
        if (Iterable.class.isAssignableFrom(type) || type.isArray()) {
            return "a JSON array";
        }
        return "a JSON object";
    }
}
