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

    private final MetadataStripper stripper = new MetadataStripper();

    @Test
    void exifWithGpsGoesAndEveryOtherByteStays() throws IOException {
        assertThat(stripper.stripJpeg(Photos.withExif(1))).isEqualTo(Photos.plain());
    }

    @Test
    void aJpegWithoutMetadataStaysAsItIs() throws IOException {
        byte[] plain = Photos.plain();
        assertThat(stripper.stripJpeg(plain)).isEqualTo(plain);
    }

    @Test
    void commentsAndWhatFollowsTheImageGoToo() throws IOException {
        byte[] plain = Photos.plain();
        byte[] comment = {(byte) 0xFF, (byte) 0xFE, 0, 7, 'm', 'i', 'n', 'e', '!'};
        byte[] trailer = "PK\3\4 a zip appended to the image".getBytes(StandardCharsets.ISO_8859_1);
        byte[] dressed = concat(Arrays.copyOf(plain, 2), comment, Arrays.copyOfRange(plain, 2, plain.length), trailer);
        assertThat(stripper.stripJpeg(dressed)).isEqualTo(plain);
    }

    @Test
    void aPhotoExifSaysToShowTurnedIsTurnedForReal() throws IOException {
        byte[] stripped = stripper.stripJpeg(Photos.withExif(6));
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
        assertThatThrownBy(() -> stripper.stripJpeg("GIF89a".getBytes(StandardCharsets.ISO_8859_1)))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> stripper.stripJpeg(Arrays.copyOf(plain, plain.length / 2)))
                .isInstanceOf(IOException.class);
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
