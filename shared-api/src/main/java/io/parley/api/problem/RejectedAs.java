package io.parley.api.problem;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The rejection failed Bean Validation constraints are answered with, when it is not
 * {@link Rejection#INVALID_REQUEST} (the answer without this annotation). Put on a request record's component or a
 * request parameter, next to its constraints; or on a constraint annotation of the domain's own (one of its rules),
 * which then answers with it wherever it is used, before the component's.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
public @interface RejectedAs {

    Rejection value();
}
