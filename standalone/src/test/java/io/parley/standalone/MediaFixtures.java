package io.parley.standalone;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Files to upload: real images, a video-looking file, and executables in disguise. */
final class MediaFixtures {

    private MediaFixtures() {
    }

    static byte[] png(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLUE);
        g.fillOval(width / 4, height / 4, width / 2, height / 2);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** An ISO base media file header (what MP4s start with), then noise. */
    static byte[] mp4(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        byte[] header = {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'm', 'p', '4', '2', 0, 0, 0, 0, 'm', 'p', '4', '2', 'i', 's', 'o', 'm'};
        System.arraycopy(header, 0, bytes, 0, header.length);
        return bytes;
    }

    /** A Linux executable's header, then padding. */
    static byte[] elf(int size) {
        byte[] bytes = new byte[size];
        byte[] header = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0};
        System.arraycopy(header, 0, bytes, 0, header.length);
        return bytes;
    }

    /** A Windows executable's header ("MZ" … "PE"), then padding. */
    static byte[] exe(int size) {
        byte[] bytes = new byte[size];
        bytes[0] = 'M';
        bytes[1] = 'Z';
        bytes[0x3c] = (byte) 0x80;
        byte[] pe = "PE\0\0".getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(pe, 0, bytes, 0x80, pe.length);
        return bytes;
    }

    /** A small but well-formed PDF (one empty page). */
    static byte[] pdf() {
        return ("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
                + "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
                + "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj\n"
                + "trailer << /Root 1 0 R >>\n%%EOF\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A web page that starts like a PDF: a magic number alone calls it one. */
    static byte[] htmlInPdf() {
        return ("%PDF-1.4\n<!-- -->\n<html><body><script>fetch('/api/v1/conversations')</script></body></html>\n%%EOF\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }
}
