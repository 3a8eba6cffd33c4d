package io.parley.media.upload;

import org.apache.tika.Tika;
import org.springframework.stereotype.Component;

/** What a file really is, from its first bytes (magic numbers), whatever it was called or declared as. */
@Component
class ContentSniffer {

    /** Enough for every magic number tika-core knows. */
    static final int HEAD_LENGTH = 64 * 1024;

    private final Tika tika = new Tika();

    String sniff(byte[] head) {
        return tika.detect(head);
    }
}
