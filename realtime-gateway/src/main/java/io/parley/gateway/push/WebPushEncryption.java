package io.parley.gateway.push;

import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;

/**
 * Message encryption for Web Push (RFC 8291) in the {@code aes128gcm} content coding (RFC 8188), one record:
 * an ephemeral P-256 key pair of ours agrees a secret with the subscription's key ({@code p256dh}), mixed with its
 * {@code auth} secret through HKDF-SHA-256 into a content key and nonce for AES-128-GCM.
 */
final class WebPushEncryption {

    static final int AUTH_SECRET_BYTES = 16;
    private static final int SALT_BYTES = 16;
    private static final int RECORD_SIZE = 4096;
    /** What fits one record: the record size less the tag (16) and the padding delimiter (1). */
    static final int MAX_PLAINTEXT_BYTES = RECORD_SIZE - 17 - 86;
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebPushEncryption() {
    }

    /** With a fresh key pair and salt, as every message must be. */
    static byte[] encrypt(byte[] plaintext, ECPublicKey subscriptionKey, byte[] authSecret) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return encrypt(plaintext, subscriptionKey, authSecret, ephemeralKeyPair(), salt);
    }

    /** The message body: header ({@code salt || rs || idlen || keyid}, keyid our public key), then the record. */
    static byte[] encrypt(byte[] plaintext, ECPublicKey subscriptionKey, byte[] authSecret, KeyPair ours, byte[] salt) {
        if (plaintext.length > MAX_PLAINTEXT_BYTES) {
            throw new IllegalArgumentException("a push message holds at most " + MAX_PLAINTEXT_BYTES + " bytes");
        }
        try {
            byte[] uaPublic = P256.encode(subscriptionKey);
            byte[] asPublic = P256.encode((ECPublicKey) ours.getPublic());
            KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
            agreement.init(ours.getPrivate());
            agreement.doPhase(subscriptionKey, true);
            byte[] ecdhSecret = agreement.generateSecret();

            byte[] keyInfo = concat("WebPush: info\0".getBytes(StandardCharsets.US_ASCII), uaPublic, asPublic);
            byte[] ikm = hkdf(authSecret, ecdhSecret, keyInfo, 32);
            byte[] cek = hkdf(salt, ikm, "Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII), 16);
            byte[] nonce = hkdf(salt, ikm, "Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII), 12);

            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
            // the last (only) record ends with the delimiter 0x02 and no further padding
            byte[] record = cipher.doFinal(concat(plaintext, new byte[]{2}));

            ByteBuffer header = ByteBuffer.allocate(SALT_BYTES + 4 + 1 + asPublic.length);
            header.put(salt).putInt(RECORD_SIZE).put((byte) asPublic.length).put(asPublic);
            return concat(header.array(), record);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt a push message", e);
        }
    }

    /** HKDF (RFC 5869) with HMAC-SHA-256, for outputs of at most one hash length. */
    private static byte[] hkdf(byte[] salt, byte[] ikm, byte[] info, int length) throws GeneralSecurityException {
        byte[] prk = hmac(salt, ikm);
        return Arrays.copyOf(hmac(prk, concat(info, new byte[]{1})), length);
    }

    private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    private static KeyPair ephemeralKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a P-256 key pair", e);
        }
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
