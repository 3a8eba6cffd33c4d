package io.parley.platform.web;

import io.parley.api.problem.RejectedAs;
import io.parley.api.problem.Rejection;
import jakarta.validation.ConstraintViolation;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.core.MethodParameter;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.Errors;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Request bodies ({@code @Valid}), parameters and headers that break their Bean Validation constraints, or a parameter
 * that is not of its type, as one problem naming every broken one: the detail joins the constraints' messages (they
 * name the field and never echo the input), and the {@code errors} member lists them as {@code {field, detail}}.
 * The problem type is the {@link RejectedAs} of the first broken field (by name): the violated constraint's own, else
 * the one on the field or parameter, else {@link Rejection#INVALID_REQUEST}.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConstraintProblems {

    /** The problem member that lists the broken fields, parameters and headers. */
    static final String ERRORS = "errors";

    /** One entry of the {@value #ERRORS} member. */
    record FieldProblem(String field, String detail) {
    }

    private record Violation(String field, String detail, Rejection rejection) {
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<ProblemDetail> invalidBody(MethodArgumentNotValidException failure) {
        return answer(bodyViolations(failure.getBindingResult(), failure.getParameter()));
    }

    /** Raised instead of the one above when a handler method's parameters have constraints of their own. */
    @ExceptionHandler(HandlerMethodValidationException.class)
    ResponseEntity<ProblemDetail> invalidParameters(HandlerMethodValidationException failure) {
        List<Violation> violations = new ArrayList<>();
        for (ParameterValidationResult result : failure.getParameterValidationResults()) {
            MethodParameter parameter = result.getMethodParameter();
            if (result instanceof ParameterErrors errors) {
                violations.addAll(bodyViolations(errors, parameter));
                continue;
            }
            String name = nameOf(parameter);
            RejectedAs onParameter = parameter.getParameterAnnotation(RejectedAs.class);
            for (MessageSourceResolvable error : result.getResolvableErrors()) {
                violations.add(new Violation(name, error.getDefaultMessage(),
                        rejection(constraintOf(result, error), onParameter)));
            }
        }
        return answer(violations);
    }

    /** Without Spring's detail, which quotes the value. */
    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> mistyped(MethodArgumentTypeMismatchException failure) {
        String name = nameOf(failure.getParameter());
        return answer(List.of(new Violation(name, name + " must be " + kind(failure.getRequiredType()),
                Rejection.INVALID_REQUEST)));
    }

    private static List<Violation> bodyViolations(Errors errors, MethodParameter body) {
        List<Violation> violations = new ArrayList<>();
        for (FieldError error : errors.getFieldErrors()) {
            violations.add(new Violation(error.getField(), error.getDefaultMessage(),
                    rejection(constraintOf(error), onField(body.getParameterType(), error.getField()))));
        }
        for (ObjectError error : errors.getGlobalErrors()) {
            violations.add(new Violation("body", error.getDefaultMessage(), rejection(constraintOf(error), null)));
        }
        return violations;
    }

    private static ResponseEntity<ProblemDetail> answer(List<Violation> violations) {
        if (violations.isEmpty()) {
            return Problems.of(Rejection.INVALID_REQUEST, "The request is invalid");
        }
        List<Violation> byField = violations.stream().sorted(Comparator.comparing(Violation::field)).toList();
        ResponseEntity<ProblemDetail> answer = Problems.of(byField.get(0).rejection(),
                byField.stream().map(Violation::detail).distinct().collect(Collectors.joining("; ")));
        answer.getBody().setProperty(ERRORS, byField.stream()
                .map(violation -> new FieldProblem(violation.field(), violation.detail())).distinct().toList());
        return answer;
    }

    private static Rejection rejection(Class<?> constraint, RejectedAs onField) {
        RejectedAs onConstraint = constraint == null ? null : constraint.getAnnotation(RejectedAs.class);
        if (onConstraint != null) {
            return onConstraint.value();
        }
        return onField == null ? Rejection.INVALID_REQUEST : onField.value();
    }

    /** A field as Spring names it: token, memberIds[2], keys.auth. */
    private static RejectedAs onField(Class<?> type, String path) {
        try {
            return type.getDeclaredField(path.split("[.\\[]", 2)[0]).getAnnotation(RejectedAs.class);
        } catch (NoSuchFieldException inherited) {
            return null;
        }
    }

    private static Class<?> constraintOf(ObjectError error) {
        return error.contains(ConstraintViolation.class)
                ? error.unwrap(ConstraintViolation.class).getConstraintDescriptor().getAnnotation().annotationType()
                : null;
    }

    private static Class<?> constraintOf(ParameterValidationResult result, MessageSourceResolvable error) {
        try {
            return result.unwrap(error, ConstraintViolation.class).getConstraintDescriptor().getAnnotation()
                    .annotationType();
        } catch (IllegalArgumentException notAViolation) {
            return null;
        }
    }

    /** As the client names it: the header's or query parameter's name. */
    private static String nameOf(MethodParameter parameter) {
        RequestHeader header = parameter.getParameterAnnotation(RequestHeader.class);
        if (header != null && !(header.name() + header.value()).isEmpty()) {
            return header.name().isEmpty() ? header.value() : header.name();
        }
        RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
        if (param != null && !(param.name() + param.value()).isEmpty()) {
            return param.name().isEmpty() ? param.value() : param.name();
        }
        return parameter.getParameterName();
    }

    private static String kind(Class<?> type) {
        if (type == Long.class || type == long.class || type == Integer.class || type == int.class) {
            return "an integer";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        return "of the right form";
    }
}
