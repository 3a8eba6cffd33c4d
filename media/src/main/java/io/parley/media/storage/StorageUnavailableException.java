package io.parley.media.storage;

/** Object storage failed or could not be reached: not the client's fault. */
public class StorageUnavailableException extends RuntimeException {

    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
