package io.parley.command.account;

import io.parley.api.problem.RejectedAs;
import io.parley.api.problem.Rejection;
import io.parley.platform.validation.ConstraintMessages;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A display name {@link DisplayNames} allows, or none (null: the username stands in). */
@Constraint(validatedBy = ValidDisplayName.Validator.class)
@RejectedAs(Rejection.DISPLAY_NAME_INVALID)
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@interface ValidDisplayName {

    String message() default "displayName is not allowed";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<ValidDisplayName, String> {

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return DisplayNames.problemWith(value).map(problem -> ConstraintMessages.violated(context, problem))
                    .orElse(true);
        }
    }
}
