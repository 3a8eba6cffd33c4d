package io.parley.platform.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jwts;

import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A push service and the browser behind it, in one: an RFC 8030 endpoint on a loopback port that holds one
 * subscription's private key and auth secret, checks each push's VAPID signature (RFC 8292) for its own origin, and
 * decrypts the aes128gcm body (RFC 8291) with code of its own, independent of the server's. It answers 201, or the
 * statuses it is told to answer next.
 */
public final class WebPushReceiver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    /** A push as the browser would see it: the decrypted JSON, the request's headers, the VAPID claims. */
    public record Push(JsonNode payload, Map<String, List<String>> headers, Claims vapid, String vapidKey) {

        public String header(String name) {
            return headers.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .findFirst().map(entry -> entry.getValue().get(0)).orElse(null);
        }
    }

    private final HttpServer server;
    private final KeyPair keys;
    private final byte[] authSecret = new byte[16];
    private final BlockingQueue<Push> pushes = new LinkedBlockingQueue<>();
    private final Deque<Integer> nextAnswers = new ConcurrentLinkedDeque<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> failures = new ArrayList<>();

    private WebPushReceiver() throws IOException, GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        keys = generator.generateKeyPair();
        new SecureRandom().nextBytes(authSecret);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/push/", this::receive);
        server.start();
    }

    public static WebPushReceiver start() {
        try {
            return new WebPushReceiver();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The subscription as a browser's {@code PushSubscription.toJSON()} gives it. */
    public Map<String, Object> subscription() {
        return Map.of("endpoint", origin() + "/push/" + B64.encodeToString(Arrays.copyOf(authSecret, 6)),
                "keys", Map.of("p256dh", B64.encodeToString(raw((ECPublicKey) keys.getPublic())),
                        "auth", B64.encodeToString(authSecret)));
    }

    /** The push service answers these statuses to the next requests, in order (then 201 again). */
    public void answerNext(Integer... statuses) {
        nextAnswers.addAll(List.of(statuses));
    }

    public int requests() {
        return requests.get();
    }

    public Push await(Duration timeout) throws InterruptedException {
        Push push = pushes.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (push == null) {
            throw new AssertionError("no push within " + timeout + (failures.isEmpty() ? "" : "; failures: " + failures));
        }
        return push;
    }

    /** Every push accepted within the window. */
    public List<Push> collect(Duration window) throws InterruptedException {
        List<Push> received = new ArrayList<>();
        long deadline = System.nanoTime() + window.toNanos();
        while (System.nanoTime() < deadline) {
            Push push = pushes.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (push != null) {
                received.add(push);
            }
        }
        return received;
    }

    public List<String> failures() {
        return List.copyOf(failures);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void receive(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Integer scripted = nextAnswers.poll();
            if (scripted != null) {
                if (scripted == 429) {
                    exchange.getResponseHeaders().add("Retry-After", "0");
                }
                exchange.sendResponseHeaders(scripted, -1);
                return;
            }
            Push push;
            try {
                String authorization = exchange.getRequestHeaders().getFirst("Authorization");
                String[] parts = authorization.substring("vapid ".length()).split(",\\s*");
                String token = parts[0].substring("t=".length());
                String key = parts[1].substring("k=".length());
                Claims claims = Jwts.parser().verifyWith(publicKey(Base64.getUrlDecoder().decode(key))).build()
                        .parseSignedClaims(token).getPayload();
                // RFC 8292: aud is the push resource's origin, as a string (not an array)
                JsonNode audience = JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1])).path("aud");
                if (!audience.isTextual() || !origin().equals(audience.asText())) {
                    throw new IllegalStateException("VAPID audience " + audience + " is not \"" + origin() + "\"");
                }
                if (!"aes128gcm".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                    throw new IllegalStateException("not aes128gcm");
                }
                push = new Push(JSON.readTree(decrypt(body)), Map.copyOf(exchange.getRequestHeaders()), claims, key);
            } catch (Exception refused) {
                synchronized (failures) {
                    failures.add(refused.toString());
                }
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            pushes.add(push);
            exchange.sendResponseHeaders(201, -1);
        }
    }

    /** RFC 8291 section 3.4 and RFC 8188, read from the receiving end. */
    private byte[] decrypt(byte[] body) throws GeneralSecurityException {
        ByteBuffer in = ByteBuffer.wrap(body);
        byte[] salt = new byte[16];
        in.get(salt);
        int recordSize = in.getInt();
        byte[] senderKey = new byte[in.get() & 0xff];
        in.get(senderKey);
        byte[] record = new byte[in.remaining()];
        in.get(record);
        if (record.length > recordSize) {
            throw new IllegalStateException("more than one record");
        }
        KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
        agreement.init(keys.getPrivate());
        agreement.doPhase(publicKey(senderKey), true);
        byte[] ecdhSecret = agreement.generateSecret();
        byte[] keyInfo = concat("WebPush: info\0".getBytes(StandardCharsets.US_ASCII), raw((ECPublicKey) keys.getPublic()),
                senderKey, new byte[]{1});
        byte[] ikm = hmac(hmac(authSecret, ecdhSecret), keyInfo);
        byte[] prk = hmac(salt, ikm);
        byte[] cek = Arrays.copyOf(hmac(prk, concat("Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII), new byte[]{1})), 16);
        byte[] nonce = Arrays.copyOf(hmac(prk, concat("Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII), new byte[]{1})), 12);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
        byte[] padded = cipher.doFinal(record);
        int end = padded.length - 1;
        while (end >= 0 && padded[end] == 0) {
            end--;
        }
        if (end < 0 || padded[end] != 2) {
            throw new IllegalStateException("no last-record delimiter");
        }
        return Arrays.copyOf(padded, end);
    }

    private PublicKey publicKey(byte[] raw) throws GeneralSecurityException {
        ECPoint point = new ECPoint(new BigInteger(1, Arrays.copyOfRange(raw, 1, 33)),
                new BigInteger(1, Arrays.copyOfRange(raw, 33, 65)));
        return KeyFactory.getInstance("EC").generatePublic(
                new ECPublicKeySpec(point, ((ECPublicKey) keys.getPublic()).getParams()));
    }

    private static byte[] raw(ECPublicKey key) {
        byte[] out = new byte[65];
        out[0] = 4;
        byte[] x = key.getW().getAffineX().toByteArray();
        byte[] y = key.getW().getAffineY().toByteArray();
        System.arraycopy(x, Math.max(0, x.length - 32), out, 1 + 32 - Math.min(32, x.length), Math.min(32, x.length));
        System.arraycopy(y, Math.max(0, y.length - 32), out, 33 + 32 - Math.min(32, y.length), Math.min(32, y.length));
        return out;
    }

    private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
