package io.parley.media.download;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one byte range of a {@code Range: bytes=…} request header (RFC 9110 §14.2) that a download answers with 206:
 * {@code first-last}, {@code first-} or the suffix {@code -count}, resolved against the object's size. Several ranges
 * or a header this origin does not understand are ignored (the whole object, 200), as the RFC allows; players seeking
 * in a video and the edge's slices ask for one range.
 */
record ByteRange(long first, long last) {

    private static final Pattern ONE_RANGE = Pattern.compile("bytes=(\\d{0,18})-(\\d{0,18})");

    /** What a request asked for of an object of {@code size} bytes. */
    sealed interface Requested permits Whole, Part, Unsatisfiable {
    }

    record Whole() implements Requested {
    }

    record Part(ByteRange range) implements Requested {
    }

    /** Starts at or past the end (or asks for the last 0 bytes): 416 with {@code Content-Range: bytes *}{@code /size}. */
    record Unsatisfiable() implements Requested {
    }

    static Requested of(String header, long size) {
        Matcher matcher = header == null ? null : ONE_RANGE.matcher(header.trim());
        if (matcher == null || !matcher.matches() || (matcher.group(1).isEmpty() && matcher.group(2).isEmpty())) {
            return new Whole();
        }
        Optional<Long> first = number(matcher.group(1));
        Optional<Long> last = number(matcher.group(2));
        if (first.isEmpty()) {
            long count = last.orElseThrow();
            return count == 0 || size == 0 ? new Unsatisfiable()
                    : new Part(new ByteRange(Math.max(0, size - count), size - 1));
        }
        if (last.isPresent() && last.get() < first.get()) {
            return new Whole();
        }
        if (first.get() >= size) {
            return new Unsatisfiable();
        }
        return new Part(new ByteRange(first.get(), Math.min(size - 1, last.orElse(size - 1))));
    }

    long length() {
        return last - first + 1;
    }

    String contentRange(long size) {
        return "bytes " + first + "-" + last + "/" + size;
    }

    private static Optional<Long> number(String digits) {
        return digits.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(digits));
    }
}
