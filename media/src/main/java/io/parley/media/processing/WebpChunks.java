package io.parley.media.processing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A WebP without its EXIF and XMP chunks (and without the extended header's flags for them); the rest byte for byte.
 */
final class WebpChunks {

    private static final int EXIF_FLAG = 0x08;
    private static final int XMP_FLAG = 0x04;

    private WebpChunks() {
    }

    static byte[] withoutMetadata(byte[] webp) throws IOException {
        if (webp.length < 12 || !"RIFF".equals(ascii(webp, 0)) || !"WEBP".equals(ascii(webp, 8))) {
            throw new IOException("not a WebP");
        }
        long riffEnd = 8 + littleEndian(webp, 4);
        if (riffEnd > webp.length) {
            throw new IOException("not a well-formed WebP: it ends before its last chunk");
        }
        ByteArrayOutputStream chunks = new ByteArrayOutputStream(webp.length);
        int at = 12;
        while (at + 8 <= riffEnd) {
            String type = ascii(webp, at);
            long size = littleEndian(webp, at + 4);
            long end = at + 8 + size + (size & 1); // chunks are padded to an even size
            if (end > riffEnd) {
                throw new IOException("not a well-formed WebP: a chunk runs past the end");
            }
            if (!type.equals("EXIF") && !type.equals("XMP ")) {
                int start = chunks.size();
                chunks.write(webp, at, (int) (end - at));
                if (type.equals("VP8X") && size > 0) {
                    byte[] written = chunks.toByteArray();
                    written[start + 8] &= (byte) ~(EXIF_FLAG | XMP_FLAG);
                    chunks.reset();
                    chunks.write(written, 0, written.length);
                }
            }
            at = (int) end;
        }
        byte[] body = chunks.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream(12 + body.length);
        int riffSize = 4 + body.length;
        out.write(webp, 0, 4);
        out.write(new byte[] {(byte) riffSize, (byte) (riffSize >> 8), (byte) (riffSize >> 16), (byte) (riffSize >> 24)});
        out.write(webp, 8, 4);
        out.write(body, 0, body.length);
        return out.toByteArray();
    }

    private static String ascii(byte[] bytes, int at) {
        return new String(bytes, at, 4, StandardCharsets.ISO_8859_1);
    }

    private static long littleEndian(byte[] bytes, int at) {
        return (bytes[at] & 0xFFL) | ((bytes[at + 1] & 0xFFL) << 8) | ((bytes[at + 2] & 0xFFL) << 16)
                | ((bytes[at + 3] & 0xFFL) << 24);
    }
}
