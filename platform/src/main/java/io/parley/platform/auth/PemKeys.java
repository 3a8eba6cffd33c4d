package io.parley.platform.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Parley's key pairs (the access tokens' and push's VAPID key: EC P-256, for ES256) as PEM files: PKCS#8 private key,
 * X.509 public key. The one definition of that format: the services read it here, and the `keys` job of
 * docker-compose.yml ({@code deploy/keys/GenerateKeys.java}) writes it with {@link #newKeyPair} and {@link #pem}.
 */
public final class PemKeys {

    private static final String PRIVATE_KEY = "PRIVATE KEY";
    private static final String PUBLIC_KEY = "PUBLIC KEY";

    private PemKeys() {
    }

    public static PublicKey readPublicKey(Path file) {
        return decode(file, PUBLIC_KEY, bytes -> keyFactory().generatePublic(new X509EncodedKeySpec(bytes)));
    }

    public static PrivateKey readPrivateKey(Path file) {
        return decode(file, PRIVATE_KEY, bytes -> keyFactory().generatePrivate(new PKCS8EncodedKeySpec(bytes)));
    }

    /** Creates a fresh key pair at the two paths unless the private key is already there. */
    public static synchronized void generateIfMissing(Path privateKeyFile, Path publicKeyFile) {
        if (Files.exists(privateKeyFile)) {
            return;
        }
        KeyPair pair = newKeyPair();
        write(publicKeyFile, pem(pair.getPublic()));
        write(privateKeyFile, pem(pair.getPrivate()));
    }

    /** A fresh P-256 key pair. */
    public static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an EC key pair", e);
        }
    }

    /** The key in PEM: a private key as PKCS#8 ({@code PRIVATE KEY}), a public key as X.509 ({@code PUBLIC KEY}). */
    public static String pem(Key key) {
        String label = key instanceof PrivateKey ? PRIVATE_KEY : PUBLIC_KEY;
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END " + label + "-----\n";
    }

    private static void write(Path file, String pem) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path temp = Files.createTempFile(parent, "key", ".tmp");
            try {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // best effort on file systems without POSIX permissions
            }
            Files.writeString(temp, pem, StandardCharsets.US_ASCII);
            Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write key file " + file, e);
        }
    }

    private interface KeyDecoder<K> {
        K decode(byte[] der) throws GeneralSecurityException;
    }

    private static <K> K decode(Path file, String label, KeyDecoder<K> decoder) {
        try {
            String pem = Files.readString(file, StandardCharsets.US_ASCII);
            String base64 = pem.replace("-----BEGIN " + label + "-----", "")
                    .replace("-----END " + label + "-----", "")
                    .replaceAll("\\s", "");
            return decoder.decode(Base64.getDecoder().decode(base64));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read key file " + file, e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("not a " + label + " in PEM form: " + file, e);
        }
    }

    private static KeyFactory keyFactory() throws GeneralSecurityException {
        return KeyFactory.getInstance("EC");
    }
}
