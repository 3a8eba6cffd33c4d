package io.parley.media.processing;

import net.coobird.thumbnailator.filters.ImageFilter;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;

/** Flattens transparency onto white: JPEG has no alpha, and ImageIO's JPEG writer refuses images that have one. */
enum OnWhite implements ImageFilter {
    INSTANCE;

    @Override
    public BufferedImage apply(BufferedImage image) {
        BufferedImage flat = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = flat.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, flat.getWidth(), flat.getHeight());
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return flat;
    }
}
