package io.parley.media.processing;

import com.twelvemonkeys.imageio.metadata.tiff.IFD;
import com.twelvemonkeys.imageio.metadata.tiff.Rational;
import com.twelvemonkeys.imageio.metadata.tiff.TIFF;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFEntry;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFWriter;

import javax.imageio.ImageIO;
import javax.imageio.stream.ImageOutputStream;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Test photos: 200×100, red left and blue right, so which way up they are shows in their colours. */
final class Photos {

    private static final int GPS_LATITUDE_REF = 1;
    private static final int GPS_LATITUDE = 2;

    private Photos() {
    }

    /** The JPEG the JDK writes: no metadata but JFIF. */
    static byte[] plain() throws IOException {
        BufferedImage image = new BufferedImage(200, 100, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, 100, 100);
        g.setColor(Color.BLUE);
        g.fillRect(100, 0, 100, 100);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpg", out);
        return out.toByteArray();
    }

    /** {@link #plain()} with EXIF after its JFIF segment: this orientation, and a GPS latitude. */
    static byte[] withExif(int orientation) throws IOException {
        IFD gps = new IFD(List.of(new TIFFEntry(GPS_LATITUDE_REF, TIFF.TYPE_ASCII, "N"),
                new TIFFEntry(GPS_LATITUDE, TIFF.TYPE_RATIONAL,
                        new Rational[] {new Rational(52), new Rational(31), new Rational(12)})));
        ByteArrayOutputStream tiff = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(tiff)) {
            new TIFFWriter().write(List.of(new TIFFEntry(TIFF.TAG_ORIENTATION, TIFF.TYPE_SHORT, orientation),
                    new TIFFEntry(TIFF.TAG_GPS_IFD, TIFF.TYPE_LONG, gps)), out);
        }
        byte[] exif = tiff.toByteArray();
        byte[] plain = plain();
        int afterJfif = 4 + (((plain[4] & 0xFF) << 8) | (plain[5] & 0xFF));
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        jpeg.write(plain, 0, afterJfif);
        int length = 2 + 6 + exif.length;
        jpeg.write(new byte[] {(byte) 0xFF, (byte) 0xE1, (byte) (length >> 8), (byte) length});
        jpeg.write("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1));
        jpeg.write(exif);
        jpeg.write(plain, afterJfif, plain.length - afterJfif);
        return jpeg.toByteArray();
    }

    /** Whether the pixel is red rather than blue. */
    static boolean red(BufferedImage image, int x, int y) {
        Color color = new Color(image.getRGB(x, y));
        return color.getRed() > 200 && color.getBlue() < 80;
    }
}
