package io.parley.platform.validation;

import jakarta.validation.ConstraintValidatorContext;

/**
 * For a constraint whose validator asks one of the domain's rules: the violation says what the rule says, taken as
 * it is (a rule's words are not a message template, whatever braces or dollars they hold).
 */
public final class ConstraintMessages {

    private ConstraintMessages() {
    }

    /** Always false, for {@code return} in {@link jakarta.validation.ConstraintValidator#isValid}. */
    public static boolean violated(ConstraintValidatorContext context, String message) {
        context.disableDefaultConstraintViolation();
        context.buildConstraintViolationWithTemplate(literal(message)).addConstraintViolation();
        return false;
    }

    /** As {@link #violated(ConstraintValidatorContext, String)}, on a field of the validated object. */
    public static boolean violated(ConstraintValidatorContext context, String field, String message) {
        context.disableDefaultConstraintViolation();
        context.buildConstraintViolationWithTemplate(literal(message)).addPropertyNode(field).addConstraintViolation();
        return false;
    }

    private static String literal(String message) {
        return message.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}").replace("$", "\\$");
    }
}
