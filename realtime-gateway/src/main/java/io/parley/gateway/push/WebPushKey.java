package io.parley.gateway.push;

import io.parley.platform.validation.ConstraintMessages;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Base64;
import java.util.function.Predicate;

/** One of a push subscription's keys, base64url as the browser gives it, that the push encryption can use. */
@Constraint(validatedBy = WebPushKey.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@interface WebPushKey {

    Part value();

    String message() default "the push key is invalid";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    enum Part {
        P256DH("keys.p256dh", "must be an uncompressed P-256 public key (65 bytes)",
                key -> P256.decode(key).isPresent()),
        AUTH("keys.auth", "must be " + WebPushEncryption.AUTH_SECRET_BYTES + " bytes",
                key -> key.length == WebPushEncryption.AUTH_SECRET_BYTES);

        private final String field;
        private final String rule;
        private final Predicate<byte[]> usable;

        Part(String field, String rule, Predicate<byte[]> usable) {
            this.field = field;
            this.rule = rule;
            this.usable = usable;
        }
    }

    class Validator implements ConstraintValidator<WebPushKey, String> {

        private Part part;

        @Override
        public void initialize(WebPushKey annotation) {
            part = annotation.value();
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null || value.isBlank()) {
                return ConstraintMessages.violated(context, part.field + " is required");
            }
            byte[] key;
            try {
                key = Base64.getUrlDecoder().decode(value.replace("=", ""));
            } catch (IllegalArgumentException notBase64url) {
                return ConstraintMessages.violated(context, part.field + " must be base64url");
            }
            return part.usable.test(key) || ConstraintMessages.violated(context, part.field + " " + part.rule);
        }
    }
}
