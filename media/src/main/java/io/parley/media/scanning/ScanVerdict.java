package io.parley.media.scanning;

/** What a scan found: nothing ({@code signature} null), or the name of the signature that matched. */
public record ScanVerdict(String signature) {

    static ScanVerdict clean() {
        return new ScanVerdict(null);
    }

    public boolean isClean() {
        return signature == null;
    }
}
