package io.parley.media.upload;

import org.apache.tika.Tika;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** What a file really is, from its first bytes (magic numbers), whatever it was called or declared as. */
@Component
class ContentSniffer {

    /** Enough for every magic number tika-core knows. */
    static final int HEAD_LENGTH = 64 * 1024;

    /**
     * Tags that make a browser treat bytes as a web page when it sniffs them. A magic number only looks at the start:
     * {@code %PDF-<html><script>…} is a PDF to it.
     */
    private static final Pattern PAGE_MARKUP = Pattern.compile(
            "<(html|head|body|script|iframe|frameset|svg|object|embed|meta\\s+http-equiv)[\\s>/]|<!doctype\\s+html",
            Pattern.CASE_INSENSITIVE);

    private final Tika tika = new Tika();

    String sniff(byte[] head) {
        return tika.detect(head);
    }

    /** Whether the bytes hold web-page markup anywhere in {@code head} (any case, ASCII-compatible encodings). */
    boolean holdsPageMarkup(byte[] head) {
        return PAGE_MARKUP.matcher(new String(head, StandardCharsets.ISO_8859_1)).find();
    }
}
