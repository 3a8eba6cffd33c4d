package io.parley.command.account;

import io.parley.api.account.Username;
import io.parley.platform.validation.ConstraintMessages;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A name {@link Username} takes (null too is not one); the violation says its rule. */
@Constraint(validatedBy = ValidUsername.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@interface ValidUsername {

    String message() default "username is invalid";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<ValidUsername, String> {

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            try {
                Username.of(value);
                return true;
            } catch (IllegalArgumentException invalid) {
                return ConstraintMessages.violated(context, invalid.getMessage());
            }
        }
    }
}
