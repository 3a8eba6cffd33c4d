package io.parley.media.processing;

import org.springframework.stereotype.Component;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Removes what an image tells about its taker before anyone else gets it. From a JPEG: EXIF (GPS, camera, time), XMP,
 * IPTC, comments, other applications' segments and anything after the image. Lossless: the segments that decoding needs
 * (tables, frame, scans, JFIF, ICC profile, Adobe colour transform) are kept byte for byte. A photo whose EXIF says
 * to show it turned is turned for real (re-encoded upright), since the tag that said so goes with the rest.
 */
@Component
public class MetadataStripper {

    private static final int SOI = 0xD8;
    private static final int EOI = 0xD9;
    private static final int SOS = 0xDA;
    private static final int APP0 = 0xE0;
    private static final int APP2 = 0xE2;
    private static final int APP14 = 0xEE;
    private static final int APP15 = 0xEF;
    private static final int COM = 0xFE;

    /**
     * The image without its metadata: JPEG, PNG and WebP (GIF has no EXIF and stays as it is); thrown when it is not
     * a well-formed file of its type.
     */
    public byte[] strip(byte[] image, String contentType) throws IOException {
        return switch (contentType) {
            case "image/jpeg" -> stripJpeg(image);
            case "image/png" -> PngChunks.withoutMetadata(image);
            case "image/webp" -> WebpChunks.withoutMetadata(image);
            default -> image;
        };
    }

    private static byte[] stripJpeg(byte[] jpeg) throws IOException {
        byte[] stripped = segmentsWithoutMetadata(jpeg);
        if (Upright.orientation(jpeg) == Upright.ORIENTATION_UPRIGHT) {
            return stripped;
        }
        ImageSize.of(jpeg).orElseThrow(() -> new IOException("no JPEG reader"));
        ByteArrayOutputStream upright = new ByteArrayOutputStream();
        Upright.builder(jpeg).scale(1.0).outputQuality(0.92).outputFormat("jpg").toOutputStream(upright);
        return segmentsWithoutMetadata(upright.toByteArray());
    }

    private static byte[] segmentsWithoutMetadata(byte[] jpeg) throws IOException {
        if (jpeg.length < 4 || (jpeg[0] & 0xFF) != 0xFF || (jpeg[1] & 0xFF) != SOI) {
            throw new IOException("not a JPEG");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(jpeg.length);
        out.write(jpeg, 0, 2);
        int at = 2;
        while (at + 1 < jpeg.length) {
            if ((jpeg[at] & 0xFF) != 0xFF) {
                throw new IOException("not a well-formed JPEG: no marker at " + at);
            }
            int marker = jpeg[at + 1] & 0xFF;
            if (marker == 0xFF) { // fill byte before a marker
                at++;
                continue;
            }
            if (marker == EOI) {
                out.write(jpeg, at, 2);
                return out.toByteArray(); // whatever follows the image goes too
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) { // markers without a length
                out.write(jpeg, at, 2);
                at += 2;
                continue;
            }
            if (at + 4 > jpeg.length) {
                break;
            }
            int end = at + 2 + (((jpeg[at + 2] & 0xFF) << 8) | (jpeg[at + 3] & 0xFF));
            if (end > jpeg.length || end < at + 4) {
                throw new IOException("not a well-formed JPEG: a segment runs past the end");
            }
            if (kept(marker, jpeg, at + 4, end)) {
                out.write(jpeg, at, end - at);
            }
            at = end;
            if (marker == SOS) { // entropy-coded data runs to the next marker that is not a restart
                int data = at;
                while (at + 1 < jpeg.length && !markerAt(jpeg, at)) {
                    at++;
                }
                out.write(jpeg, data, at - data);
            }
        }
        throw new IOException("not a well-formed JPEG: it ends before its end marker");
    }

    private static boolean markerAt(byte[] jpeg, int at) {
        int next = jpeg[at + 1] & 0xFF;
        return (jpeg[at] & 0xFF) == 0xFF && next != 0x00 && !(next >= 0xD0 && next <= 0xD7);
    }

    private static boolean kept(int marker, byte[] jpeg, int from, int to) {
        if (marker == COM) {
            return false;
        }
        if (marker < APP0 || marker > APP15) {
            return true;
        }
        return marker == APP0 && (startsWith(jpeg, from, to, ascii("JFIF\0")) || startsWith(jpeg, from, to, ascii("JFXX\0")))
                || marker == APP2 && startsWith(jpeg, from, to, ascii("ICC_PROFILE\0"))
                || marker == APP14 && startsWith(jpeg, from, to, ascii("Adobe"));
    }

    private static boolean startsWith(byte[] bytes, int from, int to, byte[] prefix) {
        return to - from >= prefix.length && Arrays.equals(bytes, from, from + prefix.length, prefix, 0, prefix.length);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
