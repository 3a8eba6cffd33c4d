package io.parley.media.scanning;

/** The scanner refuses these bytes for good (clamd: larger than its {@code StreamMaxLength}). */
public class UnscannableException extends RuntimeException {

    public UnscannableException(String message) {
        super(message);
    }
}
