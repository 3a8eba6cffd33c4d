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

/** A password {@link PasswordPolicy} finds strong enough (null is not); the violation says why it is not. */
@Constraint(validatedBy = StrongPassword.Validator.class)
@RejectedAs(Rejection.PASSWORD_TOO_WEAK)
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@interface StrongPassword {

    String message() default "password is too weak";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Made by Spring's constraint validator factory, with the application's policy. */
    class Validator implements ConstraintValidator<StrongPassword, String> {

        private final PasswordPolicy policy;

        Validator(PasswordPolicy policy) {
            this.policy = policy;
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return policy.weakness(value).map(weakness -> ConstraintMessages.violated(context, weakness)).orElse(true);
        }
    }
}
