package io.parley.media.processing;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetadataStripperTest {

    private static final String JPEG = "image/jpeg";

    private final MetadataStripper stripper = new MetadataStripper();

    @Test
    void exifWithGpsGoesAndEveryOtherByteStays() throws IOException {
        assertThat(stripper.strip(Photos.withExif(1), JPEG)).isEqualTo(Photos.plain());
    }

    @Test
    void aJpegWithoutMetadataStaysAsItIs() throws IOException {
        byte[] plain = Photos.plain();
        assertThat(stripper.strip(plain, JPEG)).isEqualTo(plain);
    }

    @Test
    void commentsAndWhatFollowsTheImageGoToo() throws IOException {
        byte[] plain = Photos.plain();
        byte[] comment = {(byte) 0xFF, (byte) 0xFE, 0, 7, 'm', 'i', 'n', 'e', '!'};
        byte[] trailer = "PK\3\4 a zip appended to the image".getBytes(StandardCharsets.ISO_8859_1);
        byte[] dressed = concat(Arrays.copyOf(plain, 2), comment, Arrays.copyOfRange(plain, 2, plain.length), trailer);
        assertThat(stripper.strip(dressed, JPEG)).isEqualTo(plain);
    }

    @Test
    void aPhotoExifSaysToShowTurnedIsTurnedForReal() throws IOException {
        byte[] stripped = stripper.strip(Photos.withExif(6), JPEG);
        assertThat(new String(stripped, StandardCharsets.ISO_8859_1)).doesNotContain("Exif");
        BufferedImage upright = ImageIO.read(new ByteArrayInputStream(stripped));
        assertThat(upright.getWidth()).isEqualTo(100);
        assertThat(upright.getHeight()).isEqualTo(200);
        assertThat(Photos.red(upright, 50, 20)).as("top").isTrue();
        assertThat(Photos.red(upright, 50, 180)).as("bottom").isFalse();
    }

    @Test
    void whatIsNotAWholeJpegIsRefused() throws IOException {
        byte[] plain = Photos.plain();
        assertThatThrownBy(() -> stripper.strip("GIF89a".getBytes(StandardCharsets.ISO_8859_1), JPEG))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> stripper.strip(Arrays.copyOf(plain, plain.length / 2), JPEG))
                .isInstanceOf(IOException.class);
    }

    @Test
    void aPngLosesItsExifAndTextChunksAndKeepsTheRest() throws IOException {
        byte[] plain = png();
        int afterHeader = 8 + 25; // signature, IHDR
        byte[] dressed = concat(Arrays.copyOf(plain, afterHeader), pngChunk("eXIf", "MM\0*GPS..."),
                pngChunk("tEXt", "Comment\0taken at home"), Arrays.copyOfRange(plain, afterHeader, plain.length));
        assertThat(stripper.strip(dressed, "image/png")).isEqualTo(plain);
    }

    @Test
    void aWebpLosesItsExifAndXmpChunksAndTheirFlags() throws IOException {
        byte[] image = webpChunk("VP8L", "pixels");
        byte[] plain = riff(webpChunk("VP8X", "\0\0\0\0abcdef"), image);
        byte[] dressed = riff(webpChunk("VP8X", "\f\0\0\0abcdef"), image, webpChunk("EXIF", "MM\0*GPS"),
                webpChunk("XMP ", "<x:xmpmeta/>"));
        assertThat(stripper.strip(dressed, "image/webp")).isEqualTo(plain);
    }

    @Test
    void aGifStaysAsItIs() throws IOException {
        byte[] gif = "GIF89a...".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(stripper.strip(gif, "image/gif")).isSameAs(gif);
    }

    private static byte[] png() throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "png", out);
        return out.toByteArray();
    }

    private static byte[] pngChunk(String type, String data) {
        byte[] bytes = data.getBytes(StandardCharsets.ISO_8859_1);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(type.getBytes(StandardCharsets.ISO_8859_1));
        crc.update(bytes);
        return concat(java.nio.ByteBuffer.allocate(4).putInt(bytes.length).array(),
                type.getBytes(StandardCharsets.ISO_8859_1), bytes,
                java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    private static byte[] webpChunk(String type, String data) {
        byte[] bytes = data.getBytes(StandardCharsets.ISO_8859_1);
        byte[] padding = new byte[bytes.length % 2];
        return concat(type.getBytes(StandardCharsets.ISO_8859_1), littleEndian(bytes.length), bytes, padding);
    }

    private static byte[] riff(byte[]... chunks) {
        byte[] body = concat(chunks);
        return concat("RIFF".getBytes(StandardCharsets.ISO_8859_1), littleEndian(4 + body.length),
                "WEBP".getBytes(StandardCharsets.ISO_8859_1), body);
    }

    private static byte[] littleEndian(int value) {
        return java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(value).array();
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
