package io.parley.media.processing;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

class ThumbnailsTest {

    private final Thumbnails thumbnails = new Thumbnails();

    @Test
    void aPhotoIsTurnedAsItsExifOrientationSays() throws IOException {
        // 6: the camera was held turned; shown 90° clockwise, the left (red) half is on top
        BufferedImage thumbnail = decode(thumbnails.of(new ByteArrayInputStream(Photos.withExif(6))).orElseThrow());
        assertThat(thumbnail.getWidth()).isEqualTo(100);
        assertThat(thumbnail.getHeight()).isEqualTo(200);
        assertThat(Photos.red(thumbnail, 50, 20)).as("top").isTrue();
        assertThat(Photos.red(thumbnail, 50, 180)).as("bottom").isFalse();
    }

    @Test
    void aLargeImageIsScaledToItsLongerSideAndASmallOneNotAtAll() throws IOException {
        BufferedImage large = new BufferedImage(1600, 900, BufferedImage.TYPE_INT_ARGB);
        BufferedImage thumbnail = decode(thumbnails.of(new ByteArrayInputStream(png(large))).orElseThrow());
        assertThat(thumbnail.getWidth()).isEqualTo(Thumbnails.SIZE);
        assertThat(thumbnail.getHeight()).isEqualTo(180);
        assertThat(thumbnail.getRGB(10, 10)).as("transparency turns white").isEqualTo(0xFFFFFFFF);

        BufferedImage small = decode(thumbnails.of(new ByteArrayInputStream(Photos.plain())).orElseThrow());
        assertThat(small.getWidth()).isEqualTo(200);
        assertThat(small.getHeight()).isEqualTo(100);
    }

    @Test
    void aFormatNoReaderKnowsHasNoThumbnail() throws IOException {
        // the start of an HEIC file: no maintained pure-Java reader exists for it
        byte[] heic = {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c', 0, 0, 0, 0, 'm', 'i', 'f', '1', 'h', 'e', 'i', 'c'};
        assertThat(thumbnails.of(new ByteArrayInputStream(heic))).isEmpty();
    }

    private static BufferedImage decode(byte[] jpeg) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(jpeg));
    }

    private static byte[] png(BufferedImage image) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
