package io.parley.media.processing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;

/** A PNG without its metadata chunks (EXIF, text, time) and without anything after its end; the rest byte for byte. */
final class PngChunks {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final Set<String> METADATA = Set.of("eXIf", "tEXt", "zTXt", "iTXt", "tIME");

    private PngChunks() {
    }

    static byte[] withoutMetadata(byte[] png) throws IOException {
        if (png.length < SIGNATURE.length || !Arrays.equals(png, 0, SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length)) {
            throw new IOException("not a PNG");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(png.length);
        out.write(png, 0, SIGNATURE.length);
        int at = SIGNATURE.length;
        while (at + 8 <= png.length) {
            long length = ((png[at] & 0xFFL) << 24) | ((png[at + 1] & 0xFF) << 16) | ((png[at + 2] & 0xFF) << 8)
                    | (png[at + 3] & 0xFF);
            long end = at + 12 + length; // length, type, data, CRC
            if (end > png.length) {
                break;
            }
            String type = new String(png, at + 4, 4, StandardCharsets.ISO_8859_1);
            if (!METADATA.contains(type)) {
                out.write(png, at, (int) (end - at));
            }
            if (type.equals("IEND")) {
                return out.toByteArray();
            }
            at = (int) end;
        }
        throw new IOException("not a well-formed PNG: it ends before its end chunk");
    }
}
