package io.parley.media.scanning;

import java.io.DataOutputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * clamd's {@code INSTREAM} over TCP: {@code zINSTREAM\0}, then chunks (a 4-byte big-endian length, then the bytes),
 * then a zero length; clamd answers {@code stream: OK}, {@code stream: <signature> FOUND} or {@code … ERROR}, ended
 * by {@code \0}. One connection per scan.
 */
class ClamdScanner implements VirusScanner {

    private static final int CHUNK = 64 * 1024;
    private static final int MAX_REPLY = 4096;

    private final String host;
    private final int port;
    private final Duration connectTimeout;
    private final Duration timeout;

    ClamdScanner(String host, int port, Duration connectTimeout, Duration timeout) {
        this.host = host;
        this.port = port;
        this.connectTimeout = connectTimeout;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return "clamd " + host + ":" + port;
    }

    @Override
    public ScanVerdict scan(InputStream content) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) connectTimeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            try {
                send(content, socket);
            } catch (IOException refusedMidway) {
                // clamd closes the connection when the stream exceeds its StreamMaxLength, and says why first
                return verdict(readReply(socket), refusedMidway);
            }
            return verdict(readReply(socket), null);
        } catch (IOException unreachable) {
            throw new ScannerUnavailableException(name() + " cannot scan: " + unreachable.getMessage(), unreachable);
        }
    }

    private static void send(InputStream content, Socket socket) throws IOException {
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), CHUNK + 4));
        out.write("zINSTREAM\0".getBytes(StandardCharsets.US_ASCII));
        byte[] chunk = new byte[CHUNK];
        int read;
        while ((read = readContent(content, chunk)) > 0) {
            out.writeInt(read);
            out.write(chunk, 0, read);
        }
        out.writeInt(0);
        out.flush();
    }

    private static int readContent(InputStream content, byte[] chunk) {
        try {
            return content.readNBytes(chunk, 0, chunk.length);
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    private static String readReply(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream reply = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) > 0 && reply.size() < MAX_REPLY) {
            reply.write(b);
        }
        return reply.toString(StandardCharsets.US_ASCII).trim();
    }

    private ScanVerdict verdict(String reply, IOException writeFailure) {
        if (reply.equals("stream: OK")) {
            return ScanVerdict.clean();
        }
        if (reply.startsWith("stream: ") && reply.endsWith(" FOUND")) {
            return new ScanVerdict(reply.substring("stream: ".length(), reply.length() - " FOUND".length()));
        }
        if (reply.contains("size limit exceeded")) {
            throw new UnscannableException("The file is larger than " + name() + " scans (its StreamMaxLength)");
        }
        throw new ScannerUnavailableException(name() + " answered \"" + reply + "\"", writeFailure);
    }
}
