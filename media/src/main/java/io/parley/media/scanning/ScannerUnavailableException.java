package io.parley.media.scanning;

/** The scanner could not be reached or could not answer: the scan is to be tried again later. */
public class ScannerUnavailableException extends RuntimeException {

    public ScannerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
