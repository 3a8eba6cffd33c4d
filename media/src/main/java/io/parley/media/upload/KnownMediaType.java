package io.parley.media.upload;

import io.parley.api.problem.RejectedAs;
import io.parley.api.problem.Rejection;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A {@link MediaKind} by its wire name (null is none). */
@Constraint(validatedBy = KnownMediaType.Validator.class)
@RejectedAs(Rejection.MEDIA_TYPE_NOT_ALLOWED)
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@interface KnownMediaType {

    String message() default "mediaType must be one of image, video, audio, document";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<KnownMediaType, String> {

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return MediaKind.named(value).isPresent();
        }
    }
}
