package io.parley.api.problem;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The rejection a request body field's failed Bean Validation constraints are answered with, when it is not
 * {@link Rejection#INVALID_REQUEST} (the answer for a field without this annotation). Put on a request record's
 * component, next to its constraints.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface RejectedAs {

    Rejection value();
}
