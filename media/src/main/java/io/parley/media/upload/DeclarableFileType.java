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
 * An upload's {@code fileType} is one its media type allows ({@link MediaKind#extensionFor}); judged only once the
 * media type is known ({@link KnownMediaType} speaks for an unknown one).
 */
@Constraint(validatedBy = DeclarableFileType.Validator.class)
@RejectedAs(Rejection.MEDIA_TYPE_NOT_ALLOWED)
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@interface DeclarableFileType {

    String message() default "fileType is not allowed for this mediaType";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<DeclarableFileType, UploadSessions.Request> {

        @Override
        public boolean isValid(UploadSessions.Request request, ConstraintValidatorContext context) {
            return request == null || MediaKind.named(request.mediaType())
                    .filter(kind -> kind.extensionFor(request.fileType()).isEmpty())
                    .map(kind -> ConstraintMessages.violated(context, "fileType", "fileType must be one of "
                            + kind.declarableTypes().stream().sorted().toList() + " for " + kind.wireName()))
                    .orElse(true);
        }
    }
}
