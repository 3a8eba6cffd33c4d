package io.parley.media.processing;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;

/** An image's size in stored pixels, read from its header without decoding it. */
record ImageSize(int width, int height) {

    /** Refuses more than this, so that a small file cannot expand into gigabytes of pixels when decoded. */
    static final long MAX_PIXELS = 50_000_000L;

    /** Empty when no ImageIO reader knows the format; thrown when the image is too large to decode. */
    static Optional<ImageSize> of(byte[] image) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(image))) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                return Optional.empty();
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                ImageSize size = new ImageSize(reader.getWidth(0), reader.getHeight(0));
                if ((long) size.width() * size.height() > MAX_PIXELS) {
                    throw new IOException("image has more than " + MAX_PIXELS + " pixels");
                }
                return Optional.of(size);
            } finally {
                reader.dispose();
            }
        }
    }

    int longerSide() {
        return Math.max(width, height);
    }
}
