package io.parley.command.conversation;

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

/**
 * A send's or an edit's {@code text} is one the conversation takes ({@link ConversationLimits#acceptsText}): a send
 * with a {@code mediaId} needs no caption. The aggregate asks the same rule of commands that come by socket.
 */
@Constraint(validatedBy = MessageText.Validator.class)
@RejectedAs(Rejection.TEXT_INVALID)
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@interface MessageText {

    String message() default "text is invalid";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** A request with a message's text. */
    interface Carrier {

        String text();

        /** Whether the message has media, so that it needs no text. */
        default boolean withMedia() {
            return false;
        }
    }

    /** Made by Spring's constraint validator factory, with the configured limits. */
    class Validator implements ConstraintValidator<MessageText, Carrier> {

        private final ConversationLimits limits;

        Validator(ConversationLimits limits) {
            this.limits = limits;
        }

        @Override
        public boolean isValid(Carrier request, ConstraintValidatorContext context) {
            return request == null || limits.acceptsText(request.text(), request.withMedia())
                    || ConstraintMessages.violated(context, "text", limits.textRule());
        }
    }
}
