package io.parley.command.conversation;

import io.parley.platform.validation.ConstraintMessages;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A group's title as the conversation takes it ({@link ConversationLimits#acceptsTitle}). */
@Constraint(validatedBy = GroupTitle.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@interface GroupTitle {

    String message() default "title is invalid";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Made by Spring's constraint validator factory, with the configured limits. */
    class Validator implements ConstraintValidator<GroupTitle, String> {

        private final ConversationLimits limits;

        Validator(ConversationLimits limits) {
            this.limits = limits;
        }

        @Override
        public boolean isValid(String title, ConstraintValidatorContext context) {
            return limits.acceptsTitle(title) || ConstraintMessages.violated(context, limits.titleRule());
        }
    }
}
