package io.parley.media.scanning;

import java.io.InputStream;

/** Scans a media's bytes before it becomes READY. */
public interface VirusScanner {

    /** A name for logs and events, such as {@code clamd 127.0.0.1:3310}. */
    String name();

    /**
     * Reads {@code content} to its end. A failure to read {@code content} itself is thrown as an
     * {@link java.io.UncheckedIOException}.
     *
     * @throws ScannerUnavailableException when the scanner cannot be reached or fails (try again later)
     * @throws UnscannableException when the scanner refuses these bytes for good
     */
    ScanVerdict scan(InputStream content);
}
