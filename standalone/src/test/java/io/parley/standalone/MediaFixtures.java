package io.parley.standalone;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
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

    /** 200×100 pixels, the left half red and the right half blue: which way up it is shows in its colours. */
    static BufferedImage halves() {
        BufferedImage image = new BufferedImage(200, 100, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, 100, 100);
        g.setColor(Color.BLUE);
        g.fillRect(100, 0, 100, 100);
        g.dispose();
        return image;
    }

    /** {@link #halves()} as a JPEG with no metadata but JFIF (what the JDK writes). */
    static byte[] plainJpeg() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(halves(), "jpg", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * {@link #plainJpeg()} with an EXIF segment after its JFIF one: the orientation given (6: show it turned 90°
     * clockwise) and where it was taken (GPS latitude 52° 31' 12" N).
     */
    static byte[] jpegWithExif(int orientation) {
        byte[] plain = plainJpeg();
        int afterJfif = 4 + (((plain[4] & 0xFF) << 8) | (plain[5] & 0xFF));
        ByteBuffer tiff = ByteBuffer.allocate(92);
        tiff.put("MM".getBytes(StandardCharsets.ISO_8859_1)).putShort((short) 42).putInt(8);
        tiff.putShort((short) 2); // IFD0: orientation, and where the GPS IFD is
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        tiff.putShort((short) 0x8825).putShort((short) 4).putInt(1).putInt(38);
        tiff.putInt(0);
        tiff.putShort((short) 2); // GPS IFD at 38: GPSLatitudeRef "N", GPSLatitude (three rationals at 68)
        tiff.putShort((short) 1).putShort((short) 2).putInt(2).put(new byte[] {'N', 0, 0, 0});
        tiff.putShort((short) 2).putShort((short) 5).putInt(3).putInt(68);
        tiff.putInt(0);
        tiff.putInt(52).putInt(1).putInt(31).putInt(1).putInt(12).putInt(1);
        ByteBuffer jpeg = ByteBuffer.allocate(plain.length + 4 + 6 + 92);
        jpeg.put(plain, 0, afterJfif);
        jpeg.put((byte) 0xFF).put((byte) 0xE1).putShort((short) (2 + 6 + 92)).put("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1));
        jpeg.put(tiff.array());
        jpeg.put(plain, afterJfif, plain.length - afterJfif);
        return jpeg.array();
    }

    /** {@link #halves()} as a lossy WebP, made with {@code cwebp -q 90} (no JDK or plugin writes WebP). */
    static byte[] webp() {
        return Base64.getDecoder().decode("UklGRsQAAABXRUJQVlA4ILgAAAAwCwCdASrIAGQAPjEYi0QiIaERZAAgAwSzt3C7AIQAA/ADTAfhB+AFKA/ACu/9wAAJ8mwi7eatbMcP6u2QZHRw/q7ZBkdHD+rtkGR0cP6u2QZHRw/q7ZBkdHD+rtkGR0cNwAD+/4pP9lOueRv7AH0az+DMfwZj/4T39R+gcrObXkLcjD/h/qrerD79/+H/epgNMtH33unu3qzFjrf5fvaSVtwZKLPDgP7XP+z3CU2hMJODKna4AAAA");
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
