package io.parley.command.conversation;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A send's or forward's {@code clientMessageId}, as the aggregate takes it (it asks the same of socket frames). */
@NotBlank
@Size(max = Conversation.MAX_CLIENT_MESSAGE_ID_LENGTH)
@ReportAsSingleViolation
@Constraint(validatedBy = {})
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@interface ClientMessageId {

    String message() default "clientMessageId must have 1 to " + Conversation.MAX_CLIENT_MESSAGE_ID_LENGTH + " characters";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
