package io.parley.media.upload;

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
 * An upload's {@code fileSize} is within the configured limits of its media type ({@link UploadProperties#tooLarge});
 * judged only for a known media type and a positive size (other constraints speak for the rest).
 */
@Constraint(validatedBy = WithinUploadLimits.Validator.class)
@RejectedAs(Rejection.MEDIA_TOO_LARGE)
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@interface WithinUploadLimits {

    String message() default "fileSize is too large for this mediaType";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Made by Spring's constraint validator factory, with the configured limits. */
    class Validator implements ConstraintValidator<WithinUploadLimits, UploadSessions.Request> {

        private final UploadProperties limits;

        Validator(UploadProperties limits) {
            this.limits = limits;
        }

        @Override
        public boolean isValid(UploadSessions.Request request, ConstraintValidatorContext context) {
            if (request == null || request.fileSize() == null || request.fileSize() <= 0) {
                return true;
            }
            return MediaKind.named(request.mediaType())
                    .flatMap(kind -> limits.tooLarge(kind, request.fileSize()))
                    .map(tooLarge -> ConstraintMessages.violated(context, "fileSize", tooLarge))
                    .orElse(true);
        }
    }
}
