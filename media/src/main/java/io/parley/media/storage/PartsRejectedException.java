package io.parley.media.storage;

/** Storage refused to assemble a multipart upload from the parts given (a wrong ETag, a missing or too small part). */
public class PartsRejectedException extends RuntimeException {

    public PartsRejectedException(String message) {
        super(message);
    }
}
