package io.parley.media.processing;

import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEG;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegment;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegmentUtil;
import com.twelvemonkeys.imageio.metadata.tiff.TIFF;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFReader;
import net.coobird.thumbnailator.Thumbnails;
import net.coobird.thumbnailator.Thumbnails.Builder;
import net.coobird.thumbnailator.util.exif.ExifFilterUtils;
import net.coobird.thumbnailator.util.exif.Orientation;

import javax.imageio.ImageIO;
import javax.imageio.stream.ImageInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Thumbnailator builders that turn an image upright as its EXIF orientation says. The orientation is read with
 * TwelveMonkeys' TIFF reader: Thumbnailator's own reading misses it in valid EXIF whose first directory does not
 * directly follow the TIFF header.
 */
final class Upright {

    static final int ORIENTATION_UPRIGHT = 1;

    private Upright() {
    }

    static Builder<? extends InputStream> builder(byte[] image) {
        Builder<? extends InputStream> builder = Thumbnails.of(new ByteArrayInputStream(image)).useExifOrientation(false);
        int orientation = orientation(image);
        if (orientation != ORIENTATION_UPRIGHT) {
            builder.addFilter(ExifFilterUtils.getFilterForOrientation(Orientation.typeOf(orientation)));
        }
        return builder;
    }

    /** A JPEG's EXIF orientation, 1 to 8; upright for other formats and unreadable EXIF, as viewers do. */
    static int orientation(byte[] image) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(image))) {
            for (JPEGSegment exif : JPEGSegmentUtil.readSegments(in, JPEG.APP1, "Exif")) {
                byte[] tiff = exif.data().readAllBytes();
                int start = tiff.length > 0 && tiff[0] == 0 ? 1 : 0; // the pad byte after "Exif\0"
                try (ImageInputStream directory = ImageIO.createImageInputStream(
                        new ByteArrayInputStream(tiff, start, tiff.length - start))) {
                    Entry entry = new TIFFReader().read(directory).getEntryById(TIFF.TAG_ORIENTATION);
                    if (entry != null && entry.getValue() instanceof Number value
                            && value.intValue() >= 1 && value.intValue() <= 8) {
                        return value.intValue();
                    }
                }
            }
        } catch (IOException | RuntimeException notJpegOrUnreadable) {
            return ORIENTATION_UPRIGHT;
        }
        return ORIENTATION_UPRIGHT;
    }
}
