package io.parley.media.processing;

import net.coobird.thumbnailator.Thumbnails.Builder;
import org.springframework.stereotype.Component;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Scales images down to a JPEG whose longer side is {@link #SIZE} pixels (never up), turned upright as their EXIF
 * orientation says (Thumbnailator; the formats are ImageIO's plus the TwelveMonkeys plugins', WebP among them).
 */
@Component
class Thumbnails {

    static final int SIZE = 320;

    /** The thumbnail; empty when no ImageIO reader knows the format (e.g. HEIC), which is not an error. */
    Optional<byte[]> of(InputStream original) throws IOException {
        byte[] image = original.readAllBytes();
        Optional<ImageSize> size = ImageSize.of(image);
        if (size.isEmpty()) {
            return Optional.empty();
        }
        Builder<? extends InputStream> thumbnail = Upright.builder(image);
        if (size.get().longerSide() > SIZE) {
            thumbnail.size(SIZE, SIZE);
        } else {
            thumbnail.scale(1.0);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        thumbnail.addFilter(OnWhite.INSTANCE).outputFormat("jpg").toOutputStream(out);
        return Optional.of(out.toByteArray());
    }
}
